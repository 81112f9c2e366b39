// SPDX-License-Identifier: GPL-3.0-or-later
#include "model_browser.h"

#include "editor_style.h"
#include "mynah/runtime/model_library.h"
#include "open_file_dialog.h"
#include "parameters.h"
#include "processor.h"

namespace mynah::plugin {

namespace {
constexpr int kLoadFileItemId = 1000;  // after the slots' item IDs (slot k: k + 1)
}  // namespace

ModelBrowser::ModelBrowser(MynahProcessor& processor)
    : processor_(processor), parameter_(*processor.parameters().getParameter(param::kModel)) {
    label_.setText("Model", juce::dontSendNotification);
    label_.setColour(juce::Label::textColourId, style::kText);
    label_.setJustificationType(juce::Justification::centredRight);
    addAndMakeVisible(label_);

    const auto& models = processor_.installedModelList();
    const std::pair<ModelSource, const char*> sections[] = {
        {ModelSource::Zoo, "Shipped with Mynah"}, {ModelSource::User, "Your models"}, {ModelSource::ModelPath, "From $MYNAH_MODEL_PATH"}};
    for (const auto& [source, heading] : sections) {
        bool headed = false;
        for (int i = 0; i < static_cast<int>(models.size()) && i < kModelSlots; ++i) {
            const ModelChoice& model = models[static_cast<size_t>(i)];
            if (model.source != source) continue;
            if (!headed) box_.addSectionHeading(heading);
            headed = true;
            box_.addItem(juce::String(model.name), i + 1);
        }
    }
    box_.addSeparator();
    box_.addItem("Load model file...", kLoadFileItemId);
    box_.setTextWhenNothingSelected(models.empty() ? "(no model installed)" : "(empty slot)");
    box_.onChange = [this] { chosen(box_.getSelectedId()); };
    addAndMakeVisible(box_);

    attachment_ = std::make_unique<juce::ParameterAttachment>(parameter_, [this](float) { update(); });
    update();
}

ModelBrowser::~ModelBrowser() { chooser_.reset(); }

void ModelBrowser::resized() {
    auto area = getLocalBounds();
    label_.setBounds(area.removeFromLeft(kLabelWidth));
    box_.setBounds(area.reduced(6, 6));
}

void ModelBrowser::update() {
    const auto file = processor_.modelFile();
    box_.setTooltip(file ? "Playing " + juce::String(file->path)
                         : "Models shipped with Mynah, yours (" + juce::String(runtime::userModelFolder()) + "), or any .mynah file");
    if (file) {
        box_.setText(juce::String(file->name) + " (from file)", juce::dontSendNotification);
        return;
    }
    const int slot = juce::roundToInt(parameter_.convertFrom0to1(parameter_.getValue()));
    box_.setSelectedId(slot + 1, juce::dontSendNotification);
}

// The user picked an item (update() never notifies).
void ModelBrowser::chosen(int itemId) {
    if (itemId == kLoadFileItemId) {
        update();  // show what plays until a file is chosen
        chooseFile();
    } else if (itemId > 0) {
        attachment_->setValueAsCompleteGesture(static_cast<float>(itemId - 1));
        processor_.forgetModelFile();  // after the parameter: the same slot as before plays again too
        update();
    }
}

void ModelBrowser::chooseFile() {
    const juce::File userFolder(runtime::userModelFolder());
    openFileAsync(chooser_, *this, "Load a Mynah model", userFolder.isDirectory() ? userFolder : juce::File::getSpecialLocation(juce::File::userHomeDirectory),
                  "*.mynah", [this](const std::string& path) {
                      processor_.loadModelFile(path);  // a failure shows in the status banner
                      update();
                  });
}

}  // namespace mynah::plugin
