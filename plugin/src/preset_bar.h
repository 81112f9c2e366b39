// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The editor's preset controls: a menu button showing the current preset, whose menu lists the
// presets found now (factory, then the user's; presets/preset_library.h) and "Open preset file...",
// and a "Save..." button that asks for a name and writes the current settings to the user's folder,
// asking before it replaces an existing file. Loading goes through MynahProcessor::loadPreset (a
// broken preset changes nothing; the status banner says why).
// Threads: message thread only.
#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>
#include <string>

namespace mynah::plugin {

class MynahProcessor;

class PresetBar : public juce::Component {
public:
    explicit PresetBar(MynahProcessor& processor);
    ~PresetBar() override;

    // The name to show (the processor's status().presetName); empty: none chosen yet.
    void setCurrentPresetName(const std::string& name);

    void resized() override;

private:
    void showMenu();
    void openPresetFile();
    void askNameAndSave();
    void save(const std::string& name, bool overwrite);
    void load(const std::string& path);
    void showError(const juce::String& message);

    MynahProcessor& processor_;
    juce::Label label_;
    juce::TextButton menuButton_, saveButton_{"Save..."};
    std::unique_ptr<juce::AlertWindow> nameDialog_;
    std::unique_ptr<juce::FileChooser> chooser_;
};

}  // namespace mynah::plugin
