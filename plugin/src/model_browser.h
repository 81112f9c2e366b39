// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The editor's model browser: a "Model" label and a combo box bound to the `model` parameter that
// lists the installed models under headings saying where they come from (shipped with Mynah, the
// user's folder runtime::userModelFolder(), $MYNAH_MODEL_PATH), then "Load model file..." (an
// asynchronous file chooser for any `.mynah` file, handed to MynahProcessor::loadModelFile). A model
// file playing instead of the chosen slot (loaded from a file or restored from a saved path) shows as
// "name (from file)"; picking a model in the list again replaces it (MynahProcessor::forgetModelFile).
// Load failures show in the editor's status banner.
// Threads: message thread only.
#include <juce_audio_processors/juce_audio_processors.h>
#include <juce_gui_basics/juce_gui_basics.h>

#include <memory>

namespace mynah::plugin {

class MynahProcessor;

class ModelBrowser : public juce::Component {
public:
    static constexpr int kLabelWidth = 52;

    explicit ModelBrowser(MynahProcessor& processor);
    ~ModelBrowser() override;

    // Shows what plays now (the editor's timer calls it: a model file can change without the
    // parameter changing).
    void update();

    void resized() override;

private:
    void chosen(int itemId);
    void chooseFile();

    MynahProcessor& processor_;
    juce::RangedAudioParameter& parameter_;
    juce::Label label_;
    juce::ComboBox box_;
    std::unique_ptr<juce::ParameterAttachment> attachment_;
    std::unique_ptr<juce::FileChooser> chooser_;
};

}  // namespace mynah::plugin
