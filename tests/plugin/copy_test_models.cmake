# SPDX-License-Identifier: GPL-3.0-or-later
# Folders of models for the plugin host tests, from the runtime's test packages:
#   OUT/good/test_voice.mynah (valid), OUT/good/test_voice_lookahead.mynah (look-ahead 1),
#   OUT/broken/broken.mynah (its dry run returns NaN: the load fails).
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT}/good ${OUT}/broken ${OUT}/xdg ${OUT}/home)
file(COPY_FILE ${PACKAGES}/valid.mynah ${OUT}/good/test_voice.mynah)
file(COPY_FILE ${PACKAGES}/lookahead.mynah ${OUT}/good/test_voice_lookahead.mynah)
file(COPY_FILE ${PACKAGES}/nan_output.mynah ${OUT}/broken/broken.mynah)
