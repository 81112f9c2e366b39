// SPDX-License-Identifier: GPL-3.0-or-later
#include "take_list_box.h"

namespace mynah::recorder_app {

TakeListBox::TakeListBox() {
    list_.setModel(this);
    list_.setRowHeight(24);
    list_.setColour(juce::ListBox::backgroundColourId, juce::Colour(0xff1c2126));
    addAndMakeVisible(list_);
}

void TakeListBox::refresh(const std::string& folder) {
    const recorder::TakeEntry* current = selected();
    const std::string keep = current ? current->name : std::string();
    takes_ = recorder::listTakes(folder);
    list_.updateContent();
    for (size_t i = 0; i < takes_.size(); ++i)
        if (!keep.empty() && takes_[i].name == keep) list_.selectRow(static_cast<int>(i), true, true);
    list_.repaint();
}

const recorder::TakeEntry* TakeListBox::selected() const {
    const int row = list_.getSelectedRow();
    return row >= 0 && row < static_cast<int>(takes_.size()) ? &takes_[static_cast<size_t>(row)] : nullptr;
}

void TakeListBox::paintListBoxItem(int row, juce::Graphics& g, int width, int height, bool isSelected) {
    if (row < 0 || row >= static_cast<int>(takes_.size())) return;
    const recorder::TakeEntry& take = takes_[static_cast<size_t>(row)];
    if (isSelected) g.fillAll(juce::Colour(0xff2d5d7b));
    g.setColour(juce::Colours::white);
    g.setFont(14.0f);
    g.drawText(take.name, 8, 0, width - 230, height, juce::Justification::centredLeft, true);
    const juce::String kind = !take.dryPath.empty() && !take.convertedPath.empty() ? "dry + converted"
                              : !take.dryPath.empty()                              ? "dry only"
                                                                                   : "converted file";
    g.setColour(juce::Colours::white.withAlpha(0.6f));
    g.drawText(juce::String(take.seconds, 1) + " s   " + kind, width - 220, 0, 212, height,
               juce::Justification::centredRight);
}

void TakeListBox::listBoxItemDoubleClicked(int row, const juce::MouseEvent&) {
    if (onDoubleClick && row >= 0 && row < static_cast<int>(takes_.size())) onDoubleClick(takes_[static_cast<size_t>(row)]);
}

void TakeListBox::selectedRowsChanged(int) {
    if (onSelectionChanged) onSelectionChanged();
}

}  // namespace mynah::recorder_app
