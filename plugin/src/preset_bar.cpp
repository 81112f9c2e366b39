// SPDX-License-Identifier: GPL-3.0-or-later
#include "preset_bar.h"

#include <filesystem>

#include "editor_style.h"
#include "open_file_dialog.h"
#include "presets/preset_library.h"
#include "processor.h"

namespace mynah::plugin {

PresetBar::PresetBar(MynahProcessor& processor) : processor_(processor) {
    label_.setText("Preset", juce::dontSendNotification);
    label_.setColour(juce::Label::textColourId, style::kText);
    label_.setJustificationType(juce::Justification::centredRight);
    addAndMakeVisible(label_);
    menuButton_.setButtonText("(choose a preset)");
    menuButton_.setTooltip("Factory presets, your presets, or a preset file");
    menuButton_.onClick = [this] { showMenu(); };
    addAndMakeVisible(menuButton_);
    saveButton_.setTooltip("Save the current settings as a preset in your folder (" + juce::String(userPresetFolder()) + ")");
    saveButton_.onClick = [this] { askNameAndSave(); };
    addAndMakeVisible(saveButton_);
}

PresetBar::~PresetBar() {
    nameDialog_.reset();  // while this object is whole: its callback ignores a dismissal
    chooser_.reset();
}

void PresetBar::setCurrentPresetName(const std::string& name) {
    const juce::String text = name.empty() ? juce::String("(choose a preset)") : juce::String(name);
    if (menuButton_.getButtonText() != text) menuButton_.setButtonText(text);
}

void PresetBar::resized() {
    auto area = getLocalBounds();
    label_.setBounds(area.removeFromLeft(56));
    saveButton_.setBounds(area.removeFromRight(70).reduced(2, 6));
    menuButton_.setBounds(area.reduced(2, 6));
}

void PresetBar::showMenu() {
    const PresetList list = listPresets();  // what is on disk now, including presets saved since loading
    juce::PopupMenu menu;
    bool userSection = false;
    menu.addSectionHeader("Factory presets");
    for (const PresetEntry& entry : list.presets) {
        if (entry.isUser && !userSection) {
            menu.addSectionHeader("Your presets");
            userSection = true;
        }
        const std::string path = entry.path;
        menu.addItem(juce::String(entry.preset.name), true, false, [this, path] { load(path); });
    }
    if (!list.errors.empty()) {
        menu.addSeparator();
        for (const std::string& error : list.errors) menu.addItem(juce::String("Skipped: ") + juce::String(error), false, false, [] {});
    }
    menu.addSeparator();
    menu.addItem("Open preset file...", [this] { openPresetFile(); });
    menu.showMenuAsync(juce::PopupMenu::Options().withTargetComponent(&menuButton_));
}

void PresetBar::load(const std::string& path) {
    const std::string error = processor_.loadPreset(path);
    if (error.empty()) processor_.updateHostDisplay(juce::AudioProcessor::ChangeDetails().withProgramChanged(true));
    // A failure shows in the status banner (status().presetError), and nothing changed.
}

void PresetBar::openPresetFile() {
    openFileAsync(chooser_, *this, "Open a Mynah preset", juce::File(userPresetFolder()), "*.json",
                  [this](const std::string& path) { load(path); });
}

void PresetBar::askNameAndSave() {
    const std::string current = processor_.status().presetName;
    nameDialog_ = std::make_unique<juce::AlertWindow>("Save preset", "Save the current settings as a preset in " + juce::String(userPresetFolder()),
                                                      juce::MessageBoxIconType::NoIcon, this);
    nameDialog_->addTextEditor("name", current.empty() ? juce::String("My preset") : juce::String(current), "Name:");
    nameDialog_->addButton("Save", 1, juce::KeyPress(juce::KeyPress::returnKey));
    nameDialog_->addButton("Cancel", 0, juce::KeyPress(juce::KeyPress::escapeKey));
    juce::Component::SafePointer<PresetBar> safe(this);
    nameDialog_->enterModalState(true, juce::ModalCallbackFunction::create([safe](int result) {
                                     if (safe == nullptr || result != 1 || safe->nameDialog_ == nullptr) return;
                                     const std::string name = safe->nameDialog_->getTextEditorContents("name").trim().toStdString();
                                     safe->save(name, false);
                                 }),
                                 false);
}

void PresetBar::save(const std::string& name, bool overwrite) {
    try {
        const std::string path = userPresetPath(name);
        std::error_code ec;
        if (!overwrite && std::filesystem::exists(path, ec)) {
            juce::Component::SafePointer<PresetBar> safe(this);
            juce::AlertWindow::showOkCancelBox(juce::MessageBoxIconType::QuestionIcon, "Replace preset?",
                                               juce::String(path) + " exists already. Replace it with the current settings?", "Replace",
                                               "Cancel", this, juce::ModalCallbackFunction::create([safe, name](int result) {
                                                   if (safe != nullptr && result == 1) safe->save(name, true);
                                               }));
            return;
        }
        const std::string written = saveUserPreset(processor_.currentSettingsAsPreset(name), overwrite);
        load(written);  // the saved preset becomes the current one (same settings)
    } catch (const PresetError& e) {
        showError(e.what());
    }
}

void PresetBar::showError(const juce::String& message) {
    juce::AlertWindow::showMessageBoxAsync(juce::MessageBoxIconType::WarningIcon, "Preset not saved", message, "OK", this);
}

}  // namespace mynah::plugin
