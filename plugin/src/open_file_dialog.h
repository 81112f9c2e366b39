// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Asks the user for one file to open with JUCE's asynchronous file chooser (no modal loop: a plugin
// may be built with JUCE_MODAL_LOOPS_PERMITTED=0), for the editor's "Open preset file..." and
// "Load model file...". `onChosen(path)` runs unless the user cancels or `owner` is gone by then.
// `chooser` keeps the dialog alive: the owner holds it and resets it in its destructor.
// Threads: message thread only.
#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <memory>
#include <string>

namespace mynah::plugin {

inline void openFileAsync(std::unique_ptr<juce::FileChooser>& chooser, juce::Component& owner, const juce::String& title,
                          const juce::File& folder, const juce::String& patterns, std::function<void(const std::string&)> onChosen) {
    chooser = std::make_unique<juce::FileChooser>(title, folder, patterns);
    juce::Component::SafePointer<juce::Component> safe(&owner);
    chooser->launchAsync(juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles,
                         [safe, onChosen = std::move(onChosen)](const juce::FileChooser& c) {
                             if (safe != nullptr && c.getResult() != juce::File()) onChosen(c.getResult().getFullPathName().toStdString());
                         });
}

}  // namespace mynah::plugin
