// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The "Learn a voice" panel: a name, the recordings to learn from (files dropped on the panel, or else
// the dry files of the takes selected in the take list: the user's own voice), the training time,
// Learn and Cancel, a progress bar with the time left, and the result (the new voice, or one line
// saying what is wrong). The work runs in recorder::BackgroundVoiceLearner, off the message and audio
// threads; the panel only polls it on a timer.
//
// Threads: message thread.
#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <string>
#include <vector>

#include "mynah/recorder/voice_learner.h"

namespace mynah::recorder_app {

class LearnPanel : public juce::Component, public juce::FileDragAndDropTarget, private juce::Timer {
public:
    LearnPanel();

    // The dry files of the takes selected in the take list.
    std::function<std::vector<std::string>()> selectedDryFiles;
    // A voice was learned: its .mynah file, to list and choose it.
    std::function<void(const std::string& path)> onVoiceLearned;

    // As if the files were dropped on the panel / the name typed and Learn pressed (--learn-drop,
    // --learn); trainingMinutes <= 0 takes the panel's choice.
    void addFiles(const juce::StringArray& files);
    void learn(const juce::String& voiceName, double trainingMinutes = 0.0);
    // The take selection changed: say again which recordings Learn would use.
    void updateSources();

    // A job runs, or its end has not been shown (and handed to onVoiceLearned) yet.
    bool learning() const {
        return learner_.status().running() || shownState_ == recorder::VoiceLearnStatus::State::Running;
    }
    juce::String describeState() const;

    void paint(juce::Graphics& g) override;
    void resized() override;
    bool isInterestedInFileDrag(const juce::StringArray& files) override;
    void filesDropped(const juce::StringArray& files, int x, int y) override;
    void fileDragEnter(const juce::StringArray&, int, int) override;
    void fileDragExit(const juce::StringArray&) override;

private:
    void timerCallback() override;
    void startLearning(double trainingMinutes = 0.0);
    std::vector<std::string> recordingsToUse() const;
    void showResult(const juce::String& text, bool problem);

    recorder::BackgroundVoiceLearner learner_;
    recorder::VoiceLearnStatus::State shownState_ = recorder::VoiceLearnStatus::State::Idle;
    std::vector<std::string> droppedFiles_;
    juce::String learningName_;
    double startedMs_ = 0.0;
    double progress_ = 0.0;  // shown by progressBar_
    juce::String progressText_;
    bool dragHover_ = false;

    juce::Label title_, nameLabel_, sourcesLabel_, resultLabel_;
    juce::TextEditor nameEditor_;
    juce::ComboBox minutesBox_;
    juce::TextButton learnButton_{"Learn"}, cancelButton_{"Cancel"}, clearButton_{"Clear dropped"};
    juce::ProgressBar progressBar_{progress_};
};

}  // namespace mynah::recorder_app
