// SPDX-License-Identifier: GPL-3.0-or-later
#include "editor.h"

#include "parameters.h"
#include "processor.h"

namespace mynah::plugin {

namespace {
const juce::Colour kBackground{0xff1e2126};
const juce::Colour kPanel{0xff2a2e35};
const juce::Colour kAccent{0xfff2a541};
const juce::Colour kText{0xffe8e8e8};
constexpr int kMargin = 12;
constexpr int kHeaderHeight = 40;
constexpr int kFooterHeight = 56;
}  // namespace

ParameterKnob::ParameterKnob(juce::AudioProcessorValueTreeState& state, const juce::String& parameterId, const juce::String& title)
    : slider_(juce::Slider::RotaryHorizontalVerticalDrag, juce::Slider::TextBoxBelow), attachment_(state, parameterId, slider_) {
    title_.setText(title, juce::dontSendNotification);
    title_.setJustificationType(juce::Justification::centred);
    title_.setColour(juce::Label::textColourId, kText);
    slider_.setColour(juce::Slider::rotarySliderFillColourId, kAccent);
    slider_.setTextBoxStyle(juce::Slider::TextBoxBelow, false, 80, 20);
    addAndMakeVisible(title_);
    addAndMakeVisible(slider_);
}

void ParameterKnob::resized() {
    auto area = getLocalBounds();
    title_.setBounds(area.removeFromTop(20));
    slider_.setBounds(area);
}

MynahEditor::MynahEditor(MynahProcessor& owner) : AudioProcessorEditor(owner), processor_(owner) {
    auto& state = processor_.parameters();

    title_.setText("Mynah", juce::dontSendNotification);
    title_.setFont(juce::Font(22.0f, juce::Font::bold));
    title_.setColour(juce::Label::textColourId, kAccent);
    addAndMakeVisible(title_);

    modelLabel_.setText("Model", juce::dontSendNotification);
    modelLabel_.setColour(juce::Label::textColourId, kText);
    modelLabel_.setJustificationType(juce::Justification::centredRight);
    addAndMakeVisible(modelLabel_);
    const auto& models = processor_.installedModelList();
    for (int i = 0; i < static_cast<int>(models.size()) && i < kModelSlots; ++i)
        modelBox_.addItem(juce::String(models[static_cast<size_t>(i)].name), i + 1);
    modelBox_.setTextWhenNothingSelected(models.empty() ? "(no model installed)" : "(empty slot)");
    modelBox_.setEnabled(!models.empty());
    modelAttachment_ = std::make_unique<juce::ParameterAttachment>(
        *state.getParameter(param::kModel), [this](float index) { modelBox_.setSelectedId(static_cast<int>(index) + 1, juce::dontSendNotification); });
    modelBox_.onChange = [this] {
        if (modelBox_.getSelectedId() > 0) modelAttachment_->setValueAsCompleteGesture(static_cast<float>(modelBox_.getSelectedId() - 1));
    };
    modelAttachment_->sendInitialUpdate();
    addAndMakeVisible(modelBox_);

    bypassButton_.setColour(juce::ToggleButton::textColourId, kText);
    bypassAttachment_ = std::make_unique<juce::AudioProcessorValueTreeState::ButtonAttachment>(state, param::kBypass, bypassButton_);
    addAndMakeVisible(bypassButton_);

    const std::pair<const char*, const char*> knobs[] = {{param::kInputGain, "Input"},       {param::kTranspose, "Transpose"},
                                                         {param::kGateThreshold, "Gate"},    {param::kDryWet, "Dry/wet"},
                                                         {param::kOutputGain, "Output"}};
    for (const auto& [id, name] : knobs) {
        knobs_.push_back(std::make_unique<ParameterKnob>(state, id, name));
        addAndMakeVisible(*knobs_.back());
    }

    for (juce::Label* label : {&latencyLabel_, &xrunLabel_, &statusLabel_}) {
        label->setColour(juce::Label::textColourId, kText);
        label->setFont(juce::Font(14.0f));
        addAndMakeVisible(*label);
    }
    statusLabel_.setMinimumHorizontalScale(0.7f);

    setResizable(true, true);
    setResizeLimits(480, 300, 1600, 1000);
    setSize(640, 340);
    timerCallback();
    startTimerHz(10);
}

MynahEditor::~MynahEditor() { stopTimer(); }

void MynahEditor::paint(juce::Graphics& g) {
    g.fillAll(kBackground);
    auto area = getLocalBounds().reduced(kMargin);
    area.removeFromTop(kHeaderHeight);
    area.removeFromBottom(kFooterHeight);
    g.setColour(kPanel);
    g.fillRoundedRectangle(area.reduced(0, 6).toFloat(), 8.0f);
}

void MynahEditor::resized() {
    auto area = getLocalBounds().reduced(kMargin);

    auto header = area.removeFromTop(kHeaderHeight);
    title_.setBounds(header.removeFromLeft(110));
    bypassButton_.setBounds(header.removeFromRight(90));
    modelLabel_.setBounds(header.removeFromLeft(60));
    modelBox_.setBounds(header.reduced(8, 6));

    auto footer = area.removeFromBottom(kFooterHeight);
    auto firstLine = footer.removeFromTop(kFooterHeight / 2);
    latencyLabel_.setBounds(firstLine.removeFromLeft(firstLine.getWidth() / 2));
    xrunLabel_.setBounds(firstLine);
    statusLabel_.setBounds(footer);

    // Controls row (meters and a spectrogram will take rows of their own here later).
    auto controls = area.reduced(8, 14);
    const int width = controls.getWidth() / static_cast<int>(knobs_.size());
    for (auto& knob : knobs_) knob->setBounds(controls.removeFromLeft(width).reduced(4, 0));
}

void MynahEditor::timerCallback() {
    const int latency = processor_.engineLatencySamples();
    const double rate = processor_.currentSampleRateHz();
    if (rate > 0.0)
        latencyLabel_.setText("Latency: " + juce::String(1000.0 * latency / rate, 1) + " ms (" + juce::String(latency) + " samples)",
                              juce::dontSendNotification);
    else
        latencyLabel_.setText("Latency: - (not playing)", juce::dontSendNotification);
    xrunLabel_.setText("Xruns: " + juce::String(static_cast<juce::int64>(processor_.xrunCount())), juce::dontSendNotification);

    const MynahProcessor::Status status = processor_.status();
    const bool failed = status.state == MynahProcessor::ModelState::Failed;
    statusLabel_.setColour(juce::Label::textColourId, failed ? juce::Colour(0xffff6b6b) : kText);
    statusLabel_.setText(status.message, juce::dontSendNotification);
    statusLabel_.setTooltip(status.message);
}

}  // namespace mynah::plugin
