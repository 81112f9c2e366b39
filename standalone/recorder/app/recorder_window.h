// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The recorder's window: a thin JUCE shell over mynah_recorder_core. It owns the audio device
// (juce::AudioDeviceManager) and forwards the device callback to recorder::LiveAudioPath (the shared
// engine); models load on recorder::BackgroundModelLoader's thread; dropped files convert on
// recorder::ConvertJob's thread; voices are learned by the LearnPanel (recorder::BackgroundVoiceLearner's
// thread) and chosen as soon as they are written. With no audio device it says so and everything
// else still works.
//
// Threads: everything here runs on the message thread, except audioDeviceIOCallbackWithContext()
// (audio thread: LiveAudioPath::process only) and audioDeviceAboutToStart()/audioDeviceStopped()
// (the thread starting or stopping the device; guarded by controlMutex_).
#include <juce_audio_utils/juce_audio_utils.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "learn_panel.h"
#include "level_meter.h"
#include "mynah/recorder/convert_job.h"
#include "mynah/recorder/live_audio_path.h"
#include "mynah/recorder/model_loader.h"
#include "take_list_box.h"

namespace mynah::recorder_app {

struct RecorderOptions {
    std::string takesFolder;       // created if missing
    bool openAudioDevice = true;   // false: behave as if no device were present
};

class RecorderComponent : public juce::Component,
                          public juce::FileDragAndDropTarget,
                          private juce::AudioIODeviceCallback,
                          private juce::Timer {
public:
    explicit RecorderComponent(const RecorderOptions& options);
    ~RecorderComponent() override;

    // For --smoke-test, --drop and --learn: one line describing the state; whether conversions,
    // learning or a model load are still under way.
    juce::String describeState() const;
    bool busy() const { return conversionsPending() || learnPanel_.learning() || !loadingModelPath_.empty(); }
    bool conversionsPending() const { return job_ != nullptr || !pendingDrops_.empty(); }
    int conversionFailures() const { return conversionFailures_; }
    void convertFiles(const juce::StringArray& files);
    LearnPanel& learnPanel() { return learnPanel_; }

    void paint(juce::Graphics& g) override;
    void resized() override;

    bool isInterestedInFileDrag(const juce::StringArray& files) override;
    void filesDropped(const juce::StringArray& files, int x, int y) override;
    void fileDragEnter(const juce::StringArray&, int, int) override;
    void fileDragExit(const juce::StringArray&) override;

private:
    void audioDeviceIOCallbackWithContext(const float* const* inputs, int numInputs, float* const* outputs,
                                          int numOutputs, int numSamples,
                                          const juce::AudioIODeviceCallbackContext& context) override;
    void audioDeviceAboutToStart(juce::AudioIODevice* device) override;
    void audioDeviceStopped() override;
    void timerCallback() override;

    void fillModelBox();
    void modelChosen();
    void chooseModelFile();
    void requestModel(const std::string& path);
    void chooseModelPath(const std::string& path);  // lists it if needed, selects it and loads it
    void pollModelLoader();
    void toggleRecording();
    void play(bool converted);
    void pollConversions();
    void updateDeviceStatus();
    void setStatus(const juce::String& text, bool problem = false);
    bool hasDevice() const;

    RecorderOptions options_;
    juce::AudioDeviceManager deviceManager_;
    juce::String deviceError_;
    std::mutex controlMutex_;  // LiveAudioPath's message-side calls vs audioDeviceAboutToStart()
    recorder::LiveAudioPath path_;
    recorder::BackgroundModelLoader loader_;
    std::vector<std::string> modelPaths_;
    std::string chosenModelPath_, loadingModelPath_, playingModelName_;
    std::unique_ptr<juce::FileChooser> chooser_;

    std::deque<std::string> pendingDrops_;
    std::unique_ptr<recorder::ConvertJob> job_;
    double convertProgress_ = 0.0;
    int conversionFailures_ = 0;
    bool dragHover_ = false;

    juce::Label title_, modelLabel_, deviceLabel_, statusLabel_, latencyLabel_, recordLabel_, takesLabel_,
        dropLabel_;
    juce::ComboBox modelBox_, formatBox_;
    juce::TextButton deviceButton_{"Audio settings..."}, recordButton_{"Record"},
        playConvertedButton_{"Play converted"}, playDryButton_{"Play dry"}, stopButton_{"Stop"},
        openFolderButton_{"Open folder"};
    juce::ToggleButton monitorToggle_{"Monitor converted voice"};
    juce::Slider transposeSlider_;
    juce::Label transposeLabel_;
    LevelMeter inputMeter_{"In"}, outputMeter_{"Out"};
    TakeListBox takeList_;
    LearnPanel learnPanel_;
    juce::ProgressBar convertBar_{convertProgress_};
    juce::Rectangle<int> dropArea_;
};

}  // namespace mynah::recorder_app
