// SPDX-License-Identifier: GPL-3.0-or-later
// MynahRecorder: records the dry and the converted voice, monitors the conversion live, plays takes
// back and converts dropped files offline. See standalone/recorder/README.md.
//
//   MynahRecorder [--takes DIR] [--no-audio] [--drop FILE ...] [--learn-drop FILE ...]
//                 [--learn NAME [--learn-minutes M]] [--smoke-test]
//     --takes DIR        takes folder (default $MYNAH_TAKES_DIR, else ~/Music/Mynah Takes)
//     --no-audio         do not open an audio device (as if none were present)
//     --drop FILE        convert FILE as if it had been dropped on the window (repeatable)
//     --learn-drop FILE  add FILE to the recordings to learn from, as if dropped on "Learn a voice"
//     --learn NAME       learn the voice NAME at start, as if typed and Learn pressed
//     --learn-minutes M  its training time (default: the panel's choice)
//     --smoke-test       open the window, wait for conversions, learning and model loading (if any)
//                        and at least 1.5 s, print the window's state on stdout and quit (exit
//                        status 0; 1 if a conversion failed or the work did not end in time)
#include <juce_gui_basics/juce_gui_basics.h>

#include <cstdlib>
#include <iostream>

#include "recorder_window.h"

namespace mynah::recorder_app {
namespace {
constexpr int kSmokeMinimumMs = 1500;
constexpr int kSmokeTimeoutMs = 300000;

juce::String defaultTakesFolder() {
    if (const char* env = std::getenv("MYNAH_TAKES_DIR"); env && *env) return env;
    return juce::File::getSpecialLocation(juce::File::userMusicDirectory).getChildFile("Mynah Takes").getFullPathName();
}

class MainWindow : public juce::DocumentWindow {
public:
    MainWindow(const juce::String& name, RecorderComponent* content)
        : DocumentWindow(name, juce::Colour(0xff14181c), DocumentWindow::allButtons) {
        setUsingNativeTitleBar(true);
        setContentOwned(content, true);
        setResizable(true, false);
        setResizeLimits(640, 600, 4000, 3000);
        centreWithSize(getWidth(), getHeight());
        setVisible(true);
    }
    void closeButtonPressed() override { juce::JUCEApplication::getInstance()->systemRequestedQuit(); }
};

class RecorderApplication : public juce::JUCEApplication, private juce::Timer {
public:
    const juce::String getApplicationName() override { return "Mynah Recorder"; }
    const juce::String getApplicationVersion() override { return JUCE_APPLICATION_VERSION_STRING; }
    bool moreThanOneInstanceAllowed() override { return true; }

    void initialise(const juce::String&) override {
        const juce::StringArray args = getCommandLineParameterArray();
        RecorderOptions options;
        options.takesFolder = defaultTakesFolder().toStdString();
        juce::StringArray drops, learnDrops;
        juce::String learnName;
        double learnMinutes = 0.0;
        for (int i = 0; i < args.size(); ++i) {
            if (args[i] == "--takes" && i + 1 < args.size()) options.takesFolder = args[++i].toStdString();
            else if (args[i] == "--no-audio") options.openAudioDevice = false;
            else if (args[i] == "--drop" && i + 1 < args.size()) drops.add(args[++i]);
            else if (args[i] == "--learn-drop" && i + 1 < args.size()) learnDrops.add(args[++i]);
            else if (args[i] == "--learn" && i + 1 < args.size()) learnName = args[++i];
            else if (args[i] == "--learn-minutes" && i + 1 < args.size()) learnMinutes = args[++i].getDoubleValue();
            else if (args[i] == "--smoke-test") smokeTest_ = true;
            else {
                std::cerr << "MynahRecorder: unknown argument '" << args[i] << "' (see standalone/recorder/README.md)\n";
                setApplicationReturnValue(2);
                quit();
                return;
            }
        }
        component_ = new RecorderComponent(options);
        window_ = std::make_unique<MainWindow>(getApplicationName(), component_);
        if (!drops.isEmpty()) component_->convertFiles(drops);
        if (!learnDrops.isEmpty()) component_->learnPanel().addFiles(learnDrops);
        if (learnName.isNotEmpty()) component_->learnPanel().learn(learnName, learnMinutes);
        if (smokeTest_) startTimer(100);
    }

    void shutdown() override { window_.reset(); }
    void systemRequestedQuit() override { quit(); }

private:
    void timerCallback() override {
        elapsedMs_ += 100;
        if (elapsedMs_ < kSmokeMinimumMs || (component_->busy() && elapsedMs_ < kSmokeTimeoutMs)) return;
        stopTimer();
        const juce::String state = component_->describeState();
        std::cout << "smoke test: window shown | " << state << std::endl;
        setApplicationReturnValue(component_->busy() || component_->conversionFailures() > 0 ? 1 : 0);
        quit();
    }

    bool smokeTest_ = false;
    int elapsedMs_ = 0;
    RecorderComponent* component_ = nullptr;  // owned by the window
    std::unique_ptr<MainWindow> window_;
};

}  // namespace
}  // namespace mynah::recorder_app

START_JUCE_APPLICATION(mynah::recorder_app::RecorderApplication)
