// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor.h"

#include "editor_style.h"
#include "parameters.h"
#include "processor.h"

namespace mynah::plugin {

namespace {
constexpr int kMargin = 12;
constexpr int kHeaderHeight = 40;
constexpr int kFooterHeight = 52;
constexpr int kControlsHeight = 118;
constexpr int kMeterWidth = 42;
}  // namespace

MynahEditor::MynahEditor(MynahProcessor& owner)
    : AudioProcessorEditor(owner), processor_(owner), modelBrowser_(owner), presetBar_(owner), spectrograms_(owner.inputTap(), owner.outputTap()) {
    auto& state = processor_.parameters();

    title_.setText("Mynah", juce::dontSendNotification);
    title_.setFont(juce::Font(22.0f, juce::Font::bold));
    title_.setColour(juce::Label::textColourId, style::kAccent);
    addAndMakeVisible(title_);

    addAndMakeVisible(modelBrowser_);
    addAndMakeVisible(presetBar_);

    bypassButton_.setColour(juce::ToggleButton::textColourId, style::kText);
    bypassAttachment_ = std::make_unique<juce::AudioProcessorValueTreeState::ButtonAttachment>(state, param::kBypass, bypassButton_);
    addAndMakeVisible(bypassButton_);

    addAndMakeVisible(inputMeter_);
    addAndMakeVisible(outputMeter_);
    addAndMakeVisible(spectrograms_);

    const std::pair<const char*, const char*> knobs[] = {{param::kInputGain, "Input"},       {param::kTranspose, "Transpose"},
                                                         {param::kGateThreshold, "Gate"},    {param::kDryWet, "Dry/wet"},
                                                         {param::kOutputGain, "Output"}};
    for (const auto& [id, name] : knobs) {
        knobs_.push_back(std::make_unique<ParameterKnob>(state, id, name));
        addAndMakeVisible(*knobs_.back());
    }

    addAndMakeVisible(readout_);
    statusLabel_.setColour(juce::Label::textColourId, style::kText);
    statusLabel_.setFont(juce::Font(14.0f));
    statusLabel_.setMinimumHorizontalScale(0.7f);
    addAndMakeVisible(statusLabel_);

    setResizable(true, true);
    setResizeLimits(640, 480, 1800, 1200);
    setSize(860, 600);
    lastTickMs_ = juce::Time::getMillisecondCounterHiRes();
    timerCallback();
    startTimerHz(kRefreshHz);
}

MynahEditor::~MynahEditor() { stopTimer(); }

void MynahEditor::paint(juce::Graphics& g) {
    g.fillAll(style::kBackground);
    auto area = getLocalBounds().reduced(kMargin);
    area.removeFromTop(kHeaderHeight);
    area.removeFromBottom(kFooterHeight);
    g.setColour(style::kPanel);
    g.fillRoundedRectangle(area.removeFromBottom(kControlsHeight).reduced(0, 4).toFloat(), 8.0f);
}

void MynahEditor::resized() {
    auto area = getLocalBounds().reduced(kMargin);

    auto header = area.removeFromTop(kHeaderHeight);
    title_.setBounds(header.removeFromLeft(100));
    bypassButton_.setBounds(header.removeFromRight(84));
    const int half = (header.getWidth() - ModelBrowser::kLabelWidth) / 2;
    modelBrowser_.setBounds(header.removeFromLeft(ModelBrowser::kLabelWidth + half));
    presetBar_.setBounds(header);

    auto footer = area.removeFromBottom(kFooterHeight);
    readout_.setBounds(footer.removeFromTop(kFooterHeight / 2));
    statusLabel_.setBounds(footer);

    auto controls = area.removeFromBottom(kControlsHeight).reduced(8, 10);
    const int width = controls.getWidth() / static_cast<int>(knobs_.size());
    for (auto& knob : knobs_) knob->setBounds(controls.removeFromLeft(width).reduced(4, 0));

    auto middle = area.reduced(0, 6);
    inputMeter_.setBounds(middle.removeFromLeft(kMeterWidth));
    outputMeter_.setBounds(middle.removeFromRight(kMeterWidth));
    spectrograms_.setBounds(middle.reduced(6, 0));
}

void MynahEditor::timerCallback() {
    const double nowMs = juce::Time::getMillisecondCounterHiRes();
    const double tickSeconds = juce::jlimit(0.0, 1.0, (nowMs - lastTickMs_) / 1000.0);
    lastTickMs_ = nowMs;

    const double rate = processor_.currentSampleRateHz();
    inputMeter_.pushPeak(processor_.inputTap().takePeak(), tickSeconds);
    outputMeter_.pushPeak(processor_.outputTap().takePeak(), tickSeconds);
    spectrograms_.update(rate);
    modelBrowser_.update();
    readout_.update(processor_.engineLatencySamples(), rate, processor_.processingLoadRatio(), processor_.xrunCount(), tickSeconds);
    updateStatus();
}

void MynahEditor::updateStatus() {
    const MynahProcessor::Status status = processor_.status();
    presetBar_.setCurrentPresetName(status.presetName);
    const bool failed = status.state == MynahProcessor::ModelState::Failed || !status.presetError.empty() || !status.stateError.empty();
    std::string text = status.message;
    if (!status.presetError.empty()) text = "Preset not loaded: " + status.presetError + "  |  " + text;
    if (!status.stateError.empty()) text = "Saved settings not restored, current ones kept: " + status.stateError + "  |  " + text;
    statusLabel_.setColour(juce::Label::textColourId, failed ? style::kAlert : style::kText);
    if (statusLabel_.getText() != juce::String(text)) {
        statusLabel_.setText(text, juce::dontSendNotification);
        statusLabel_.setTooltip(text);
    }
}

}  // namespace mynah::plugin
