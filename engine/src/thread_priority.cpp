// SPDX-License-Identifier: GPL-3.0-or-later
#include "mynah/engine/thread_priority.h"

#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>

namespace mynah::engine {

// PRIO_PROCESS with a thread id reads and sets that thread's nice value on Linux, not the process's.
int currentThreadNiceness() {
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    return errno == 0 ? nice : 0;
}

void lowerCurrentThreadPriority(int niceIncrement) {
    const id_t thread = static_cast<id_t>(gettid());
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, thread);
    if (errno == 0) setpriority(PRIO_PROCESS, thread, nice + niceIncrement);  // best effort
}

void becomeBackgroundThread(const char* name) {
    pthread_setname_np(pthread_self(), name);
    lowerCurrentThreadPriority();
}

}  // namespace mynah::engine
