// SPDX-License-Identifier: GPL-3.0-or-later
#include "take_list_box.h"

#include <set>

namespace mynah::recorder_app {

TakeListBox::TakeListBox() {
    list_.setModel(this);
    list_.setRowHeight(24);
    list_.setMultipleSelectionEnabled(true);
    list_.setColour(juce::ListBox::backgroundColourId, juce::Colour(0xff1c2126));
    addAndMakeVisible(list_);
}

void TakeListBox::refresh(const std::string& folder) {
    std::set<std::string> keep;
    for (const recorder::TakeEntry* take : allSelected()) keep.insert(take->name);
    takes_ = recorder::listTakes(folder);
    list_.updateContent();
    juce::SparseSet<int> rows;
    for (size_t i = 0; i < takes_.size(); ++i)
        if (keep.count(takes_[i].name) > 0) rows.addRange({static_cast<int>(i), static_cast<int>(i) + 1});
    list_.setSelectedRows(rows, juce::sendNotification);
    list_.repaint();
}

const recorder::TakeEntry* TakeListBox::selected() const {
    const std::vector<const recorder::TakeEntry*> all = allSelected();
    return all.empty() ? nullptr : all.front();
}

std::vector<const recorder::TakeEntry*> TakeListBox::allSelected() const {
    std::vector<const recorder::TakeEntry*> entries;
    for (size_t i = 0; i < takes_.size(); ++i)
        if (list_.isRowSelected(static_cast<int>(i))) entries.push_back(&takes_[i]);
    return entries;
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
