// SPDX-License-Identifier: GPL-3.0-or-later
#include "learn_panel.h"

#include <filesystem>

#include "mynah/learn/recordings.h"
#include "time_text.h"

namespace mynah::recorder_app {
namespace {
using State = recorder::VoiceLearnStatus::State;
constexpr int kPollHz = 10;
constexpr double kTrainingMinutes[] = {3.0, 6.0, 10.0};  // quick, default (as `mynah learn`), best
constexpr int kDefaultMinutesId = 2;
const juce::Colour kPanel(0xff1c2126), kAccent(0xff4cc38a), kProblem(0xffffb347);

juce::String fileNames(const std::vector<std::string>& paths) {
    juce::StringArray names;
    for (const std::string& p : paths) names.add(std::filesystem::path(p).filename().string());
    return names.joinIntoString(", ");
}

juce::String plural(size_t n, const char* word) {
    return juce::String(static_cast<int>(n)) + " " + word + (n == 1 ? "" : "s");
}
}  // namespace

LearnPanel::LearnPanel() {
    title_.setText("Learn a voice", juce::dontSendNotification);
    title_.setFont(juce::Font(16.0f, juce::Font::bold));
    nameLabel_.setText("Name", juce::dontSendNotification);
    nameEditor_.setTextToShowWhenEmpty("new-voice", juce::Colours::white.withAlpha(0.35f));
    nameEditor_.setInputRestrictions(static_cast<int>(learn::kMaxVoiceNameLength),
                                     "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
    nameEditor_.onReturnKey = [this] { startLearning(); };
    for (size_t i = 0; i < std::size(kTrainingMinutes); ++i)
        minutesBox_.addItem("learn for " + juce::String(kTrainingMinutes[i], 0) + " min", static_cast<int>(i) + 1);
    minutesBox_.setSelectedId(kDefaultMinutesId, juce::dontSendNotification);
    learnButton_.onClick = [this] { startLearning(); };
    cancelButton_.onClick = [this] { learner_.cancel(); };
    clearButton_.onClick = [this] {
        droppedFiles_.clear();
        updateSources();
    };
    sourcesLabel_.setColour(juce::Label::textColourId, juce::Colours::white.withAlpha(0.7f));
    sourcesLabel_.setInterceptsMouseClicks(false, false);
    for (juce::Component* c : std::initializer_list<juce::Component*>{
             &title_, &nameLabel_, &nameEditor_, &minutesBox_, &learnButton_, &cancelButton_, &clearButton_,
             &sourcesLabel_, &progressBar_, &resultLabel_})
        addAndMakeVisible(*c);
    progressBar_.setVisible(false);
    cancelButton_.setEnabled(false);
    updateSources();
}

std::vector<std::string> LearnPanel::recordingsToUse() const {
    if (!droppedFiles_.empty()) return droppedFiles_;
    return selectedDryFiles ? selectedDryFiles() : std::vector<std::string>{};
}

void LearnPanel::updateSources() {
    juce::String text;
    if (!droppedFiles_.empty())
        text = "From " + plural(droppedFiles_.size(), "dropped file") + ": " + fileNames(droppedFiles_);
    else if (const std::vector<std::string> takes = recordingsToUse(); !takes.empty())
        text = "From the dry " + juce::String(takes.size() == 1 ? "file" : "files") + " of " +
               plural(takes.size(), "selected take") + ": " + fileNames(takes);
    else
        text = "Select takes of your own voice (Ctrl/Shift-click for several), or drop recordings of the voice "
               "here; 1 to 10 minutes of speech";
    sourcesLabel_.setText(text, juce::dontSendNotification);
    clearButton_.setVisible(!droppedFiles_.empty());
}

void LearnPanel::addFiles(const juce::StringArray& files) {
    for (const juce::String& f : files)
        if (std::find(droppedFiles_.begin(), droppedFiles_.end(), f.toStdString()) == droppedFiles_.end())
            droppedFiles_.push_back(f.toStdString());
    updateSources();
}

void LearnPanel::learn(const juce::String& voiceName, double trainingMinutes) {
    nameEditor_.setText(voiceName, juce::dontSendNotification);
    startLearning(trainingMinutes);
}

void LearnPanel::startLearning(double trainingMinutes) {
    recorder::VoiceLearnRequest request;
    request.voiceName = nameEditor_.getText().trim().toStdString();
    request.recordingPaths = recordingsToUse();
    request.trainingMinutes = trainingMinutes > 0.0
                                  ? trainingMinutes
                                  : kTrainingMinutes[juce::jlimit(1, static_cast<int>(std::size(kTrainingMinutes)),
                                                                  minutesBox_.getSelectedId()) - 1];
    if (request.voiceName.empty()) return showResult("Give the new voice a name first.", true);
    if (!learner_.start(std::move(request))) return;  // one job at a time: Learn is disabled meanwhile
    learningName_ = nameEditor_.getText().trim();
    startedMs_ = juce::Time::getMillisecondCounterHiRes();
    showResult("", false);
    timerCallback();
    startTimerHz(kPollHz);
}

void LearnPanel::timerCallback() {
    const recorder::VoiceLearnStatus status = learner_.status();
    const bool running = status.running();
    learnButton_.setEnabled(!running);
    cancelButton_.setEnabled(running);
    nameEditor_.setEnabled(!running);
    minutesBox_.setEnabled(!running);
    progressBar_.setVisible(running);
    if (running) {
        progress_ = status.progress.fraction;
        juce::String text = juce::String(status.progress.stage) + " " + juce::String(juce::roundToInt(100.0 * progress_)) + " %";
        if (status.progress.remainingSeconds >= 0.0)
            text += ", about " + minutesSecondsText(status.progress.remainingSeconds) + " left";
        progressText_ = text;
        progressBar_.setTextToDisplay(text);
    }
    if (status.state == shownState_) return;
    shownState_ = status.state;
    const juce::String took = minutesSecondsText((juce::Time::getMillisecondCounterHiRes() - startedMs_) / 1000.0);
    switch (status.state) {
        case State::Running:
            showResult("Learning '" + learningName_ + "' in the background: the recorder keeps working.", false);
            break;
        case State::Done:
            showResult("Learned '" + learningName_ + "' in " + took + ": it is now the voice (" +
                           juce::String(status.outputPath) + ")", false);
            if (onVoiceLearned) onVoiceLearned(status.outputPath);
            break;
        case State::Failed: showResult(juce::String(status.error), true); break;
        case State::Cancelled: showResult("Learning '" + learningName_ + "' cancelled: nothing was written.", false); break;
        case State::Idle: break;
    }
    if (!running) stopTimer();
}

void LearnPanel::showResult(const juce::String& text, bool problem) {
    resultLabel_.setText(text, juce::dontSendNotification);
    resultLabel_.setColour(juce::Label::textColourId, problem ? kProblem : juce::Colours::white);
}

juce::String LearnPanel::describeState() const {
    if (learning()) return progressText_;
    return resultLabel_.getText().isEmpty() ? juce::String("idle") : resultLabel_.getText();
}

bool LearnPanel::isInterestedInFileDrag(const juce::StringArray& files) {
    for (const juce::String& f : files)
        if (juce::File(f).existsAsFile()) return true;
    return false;
}

void LearnPanel::filesDropped(const juce::StringArray& files, int, int) {
    dragHover_ = false;
    repaint();
    addFiles(files);
}

void LearnPanel::fileDragEnter(const juce::StringArray&, int, int) {
    dragHover_ = true;
    repaint();
}

void LearnPanel::fileDragExit(const juce::StringArray&) {
    dragHover_ = false;
    repaint();
}

void LearnPanel::paint(juce::Graphics& g) {
    g.setColour(dragHover_ ? kAccent.withAlpha(0.25f) : kPanel);
    g.fillRoundedRectangle(getLocalBounds().toFloat(), 6.0f);
    g.setColour(dragHover_ ? kAccent : juce::Colours::white.withAlpha(0.3f));
    g.drawRoundedRectangle(getLocalBounds().toFloat().reduced(1.0f), 6.0f, 1.5f);
}

void LearnPanel::resized() {
    auto area = getLocalBounds().reduced(12, 8);
    auto row = [&area](int height) {
        auto r = area.removeFromTop(height);
        area.removeFromTop(4);
        return r;
    };
    auto controls = row(28);
    title_.setBounds(controls.removeFromLeft(120));
    nameLabel_.setBounds(controls.removeFromLeft(46));
    nameEditor_.setBounds(controls.removeFromLeft(170).reduced(0, 2));
    cancelButton_.setBounds(controls.removeFromRight(80));
    controls.removeFromRight(6);
    learnButton_.setBounds(controls.removeFromRight(80));
    controls.removeFromRight(10);
    minutesBox_.setBounds(controls.removeFromRight(150));
    auto sources = row(20);
    clearButton_.setBounds(sources.removeFromRight(110));
    sourcesLabel_.setBounds(sources);
    progressBar_.setBounds(row(20));
    resultLabel_.setBounds(row(20));
}

}  // namespace mynah::recorder_app
