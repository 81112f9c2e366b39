// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The take list: the takes folder's entries (recorder/take_list.h), newest first, one row each.
// Several rows can be selected (Ctrl/Shift-click): playback uses the first, learning all of them.
// Threads: message thread.
#include <juce_gui_basics/juce_gui_basics.h>

#include <functional>
#include <vector>

#include "mynah/recorder/take_list.h"

namespace mynah::recorder_app {

class TakeListBox : public juce::Component, private juce::ListBoxModel {
public:
    TakeListBox();
    // Re-reads the folder, keeping the selection by name.
    void refresh(const std::string& folder);
    // The first selected entry, or null.
    const recorder::TakeEntry* selected() const;
    // Every selected entry, top to bottom.
    std::vector<const recorder::TakeEntry*> allSelected() const;
    std::function<void(const recorder::TakeEntry&)> onDoubleClick;
    std::function<void()> onSelectionChanged;

    void resized() override { list_.setBounds(getLocalBounds()); }

private:
    int getNumRows() override { return static_cast<int>(takes_.size()); }
    void paintListBoxItem(int row, juce::Graphics& g, int width, int height, bool selected) override;
    void listBoxItemDoubleClicked(int row, const juce::MouseEvent&) override;
    void selectedRowsChanged(int) override;

    juce::ListBox list_;
    std::vector<recorder::TakeEntry> takes_;
};

}  // namespace mynah::recorder_app
