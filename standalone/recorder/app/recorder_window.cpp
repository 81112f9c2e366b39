// SPDX-License-Identifier: GPL-3.0-or-later
#include "recorder_window.h"

#include <filesystem>

#include "mynah/runtime/model_library.h"
#include "time_text.h"

namespace mynah::recorder_app {
namespace {
constexpr int kTimerHz = 30;
constexpr int kLoadFromFileId = 10000;
const juce::Colour kBackground(0xff14181c);
const juce::Colour kAccent(0xff4cc38a);

juce::String stemOf(const std::string& path) { return juce::String(std::filesystem::path(path).stem().string()); }
}  // namespace

RecorderComponent::RecorderComponent(const RecorderOptions& options) : options_(options) {
    juce::File(options_.takesFolder).createDirectory();

    title_.setText("Mynah Recorder", juce::dontSendNotification);
    title_.setFont(juce::Font(22.0f, juce::Font::bold));
    modelLabel_.setText("Voice", juce::dontSendNotification);
    for (juce::Label* l : {&title_, &modelLabel_, &deviceLabel_, &statusLabel_, &latencyLabel_, &recordLabel_,
                           &takesLabel_, &dropLabel_, &transposeLabel_})
        addAndMakeVisible(*l);
    dropLabel_.setJustificationType(juce::Justification::centred);
    dropLabel_.setInterceptsMouseClicks(false, false);
    takesLabel_.setText("Takes in " + juce::String(options_.takesFolder), juce::dontSendNotification);
    takesLabel_.setColour(juce::Label::textColourId, juce::Colours::white.withAlpha(0.7f));

    fillModelBox();
    modelBox_.onChange = [this] { modelChosen(); };
    addAndMakeVisible(modelBox_);

    formatBox_.addItem("32-bit float WAV", 1);
    formatBox_.addItem("24-bit WAV", 2);
    formatBox_.setSelectedId(1, juce::dontSendNotification);
    addAndMakeVisible(formatBox_);

    deviceButton_.onClick = [this] {
        auto* selector = new juce::AudioDeviceSelectorComponent(deviceManager_, 0, 2, 1, 2, false, false, false, false);
        selector->setSize(520, 420);
        juce::DialogWindow::LaunchOptions dialog;
        dialog.content.setOwned(selector);
        dialog.dialogTitle = "Audio settings";
        dialog.dialogBackgroundColour = kBackground;
        dialog.useNativeTitleBar = true;
        dialog.resizable = true;
        dialog.launchAsync();
    };
    recordButton_.onClick = [this] { toggleRecording(); };
    playConvertedButton_.onClick = [this] { play(true); };
    playDryButton_.onClick = [this] { play(false); };
    stopButton_.onClick = [this] { path_.player().stop(); };
    openFolderButton_.onClick = [this] { juce::File(options_.takesFolder).startAsProcess(); };
    monitorToggle_.setToggleState(true, juce::dontSendNotification);
    monitorToggle_.onClick = [this] { path_.setMonitoring(monitorToggle_.getToggleState()); };
    transposeLabel_.setText("Transpose (st)", juce::dontSendNotification);
    transposeSlider_.setRange(-24.0, 24.0, 0.1);
    transposeSlider_.setValue(0.0, juce::dontSendNotification);
    transposeSlider_.setTextBoxStyle(juce::Slider::TextBoxRight, false, 56, 22);
    transposeSlider_.onValueChange = [this] {
        const std::lock_guard<std::mutex> lock(controlMutex_);
        path_.setTransposeSemitones(static_cast<float>(transposeSlider_.getValue()));
    };
    for (juce::Component* c : std::initializer_list<juce::Component*>{
             &deviceButton_, &recordButton_, &playConvertedButton_, &playDryButton_, &stopButton_, &openFolderButton_,
             &monitorToggle_, &transposeSlider_, &inputMeter_, &outputMeter_, &takeList_, &learnPanel_, &convertBar_})
        addAndMakeVisible(*c);
    takeList_.onDoubleClick = [this](const recorder::TakeEntry&) { play(true); };
    takeList_.onSelectionChanged = [this] { learnPanel_.updateSources(); };
    learnPanel_.selectedDryFiles = [this] {
        std::vector<std::string> dryFiles;
        for (const recorder::TakeEntry* take : takeList_.allSelected())
            if (!take->dryPath.empty()) dryFiles.push_back(take->dryPath);
        return dryFiles;
    };
    learnPanel_.onVoiceLearned = [this](const std::string& path) {
        fillModelBox();  // the new voice is in the user's model folder now
        chooseModelPath(path);
    };
    takeList_.refresh(options_.takesFolder);
    convertBar_.setVisible(false);

    if (options_.openAudioDevice) {
        deviceError_ = deviceManager_.initialiseWithDefaultDevices(2, 2);
        deviceManager_.addAudioCallback(this);
    } else {
        deviceError_ = "audio disabled (--no-audio)";
    }
    updateDeviceStatus();
    if (!modelPaths_.empty()) modelChosen();
    else setStatus("No model installed: put .mynah files in ~/.local/share/mynah/models, or load one from a file. "
                   "Audio passes through dry.", true);
    setSize(820, 740);
    startTimerHz(kTimerHz);
}

RecorderComponent::~RecorderComponent() {
    stopTimer();
    deviceManager_.removeAudioCallback(this);
    deviceManager_.closeAudioDevice();
    const std::lock_guard<std::mutex> lock(controlMutex_);
    path_.stopTake();
}

bool RecorderComponent::hasDevice() const { return deviceManager_.getCurrentAudioDevice() != nullptr; }

void RecorderComponent::fillModelBox() {
    modelBox_.clear(juce::dontSendNotification);
    modelPaths_ = runtime::listModelFiles();
    for (size_t i = 0; i < modelPaths_.size(); ++i) modelBox_.addItem(stemOf(modelPaths_[i]), static_cast<int>(i) + 1);
    modelBox_.addSeparator();
    modelBox_.addItem("Load from file...", kLoadFromFileId);
    if (!modelPaths_.empty()) modelBox_.setSelectedId(1, juce::dontSendNotification);
}

void RecorderComponent::modelChosen() {
    const int id = modelBox_.getSelectedId();
    if (id == kLoadFromFileId) {
        chooseModelFile();
        return;
    }
    if (id >= 1 && id <= static_cast<int>(modelPaths_.size())) requestModel(modelPaths_[static_cast<size_t>(id - 1)]);
}

void RecorderComponent::chooseModelFile() {
    // A package is code (TorchScript): only files the user picks here are loaded.
    chooser_ = std::make_unique<juce::FileChooser>("Load a Mynah model", juce::File(), "*.mynah");
    chooser_->launchAsync(juce::FileBrowserComponent::openMode | juce::FileBrowserComponent::canSelectFiles,
                          [this](const juce::FileChooser& fc) {
                              const juce::File file = fc.getResult();
                              if (file == juce::File()) {
                                  // Cancelled: show the model that is chosen again.
                                  for (size_t i = 0; i < modelPaths_.size(); ++i)
                                      if (modelPaths_[i] == chosenModelPath_)
                                          modelBox_.setSelectedId(static_cast<int>(i) + 1, juce::dontSendNotification);
                                  return;
                              }
                              chooseModelPath(file.getFullPathName().toStdString());
                          });
}

void RecorderComponent::chooseModelPath(const std::string& path) {
    auto listed = std::find(modelPaths_.begin(), modelPaths_.end(), path);
    if (listed == modelPaths_.end()) {
        modelPaths_.push_back(path);
        modelBox_.addItem(stemOf(path) + " (file)", static_cast<int>(modelPaths_.size()));
        listed = modelPaths_.end() - 1;
    }
    modelBox_.setSelectedId(static_cast<int>(listed - modelPaths_.begin()) + 1, juce::dontSendNotification);
    requestModel(path);
}

void RecorderComponent::requestModel(const std::string& path) {
    chosenModelPath_ = path;
    loadingModelPath_ = path;
    loader_.request(path);
    setStatus("Loading " + stemOf(path) + " ...");
}

void RecorderComponent::pollModelLoader() {
    auto result = loader_.takeResult();
    if (!result) return;
    if (result->path == loadingModelPath_) loadingModelPath_.clear();
    const juce::String name = stemOf(result->path);
    if (result->session) {
        int latency = 0;
        {
            const std::lock_guard<std::mutex> lock(controlMutex_);
            latency = path_.setModel(std::move(result->session));
        }
        playingModelName_ = name.toStdString();
        juce::ignoreUnused(latency);
        setStatus("Loaded " + name + (hasDevice() ? juce::String() : juce::String(" (for drag-in conversion)")));
    } else {
        setStatus("Failed to load " + name + ": " + juce::String(result->error) +
                      (playingModelName_.empty() ? " - audio passes through dry."
                                                 : " - still playing " + juce::String(playingModelName_) + "."),
                  true);
    }
}

void RecorderComponent::toggleRecording() {
    const std::lock_guard<std::mutex> lock(controlMutex_);
    if (path_.recording()) {
        const auto summary = path_.stopTake();
        if (summary) {
            const double rate = std::max(1.0, path_.sampleRateHz());
            juce::String text = "Saved " + juce::String(summary->paths.stem) + " (" +
                                minutesSecondsText(static_cast<double>(summary->drySamples) / rate, 1) + ")";
            if (summary->droppedSamples > 0)
                text += ", " + juce::String(static_cast<juce::int64>(summary->droppedSamples)) + " samples dropped (disk too slow)";
            if (!summary->error.empty()) text = juce::String(summary->error);
            setStatus(text, !summary->error.empty() || summary->droppedSamples > 0);
        }
        takeList_.refresh(options_.takesFolder);
        return;
    }
    try {
        const auto format = formatBox_.getSelectedId() == 2 ? recorder::SampleFormat::Pcm24 : recorder::SampleFormat::Float32;
        const recorder::TakePaths paths = path_.startTake(options_.takesFolder, format);
        setStatus("Recording " + juce::String(paths.stem));
    } catch (const std::exception& e) {
        setStatus(e.what(), true);
    }
}

void RecorderComponent::play(bool converted) {
    const recorder::TakeEntry* take = takeList_.selected();
    if (!take) return setStatus("Pick a take in the list first.");
    const std::string& file = converted || take->dryPath.empty() ? take->convertedPath : take->dryPath;
    if (file.empty()) return setStatus("This take has no " + juce::String(converted ? "converted" : "dry") + " file.", true);
    if (!hasDevice()) return setStatus("No audio device: cannot play " + stemOf(file) + ".", true);
    try {
        path_.player().load(file, path_.sampleRateHz());
        path_.player().play();
        setStatus("Playing " + stemOf(file));
    } catch (const std::exception& e) {
        setStatus(e.what(), true);
    }
}

bool RecorderComponent::isInterestedInFileDrag(const juce::StringArray& files) {
    for (const juce::String& f : files)
        if (juce::File(f).existsAsFile()) return true;
    return false;
}

void RecorderComponent::fileDragEnter(const juce::StringArray&, int, int) {
    dragHover_ = true;
    repaint(dropArea_);
}

void RecorderComponent::fileDragExit(const juce::StringArray&) {
    dragHover_ = false;
    repaint(dropArea_);
}

void RecorderComponent::filesDropped(const juce::StringArray& files, int, int) {
    dragHover_ = false;
    repaint(dropArea_);
    convertFiles(files);
}

void RecorderComponent::convertFiles(const juce::StringArray& files) {
    if (chosenModelPath_.empty()) return setStatus("Choose a model before dropping files to convert.", true);
    for (const juce::String& f : files) pendingDrops_.push_back(f.toStdString());
    pollConversions();
}

void RecorderComponent::pollConversions() {
    if (job_ && job_->finished()) {
        job_->wait();
        if (job_->state() == recorder::ConvertJob::State::Done)
            setStatus("Converted " + stemOf(job_->request().inputPath) + " -> " + juce::String(job_->outputPath()));
        else if (job_->state() == recorder::ConvertJob::State::Failed) {
            ++conversionFailures_;
            setStatus(juce::String(job_->error()), true);
        }
        job_.reset();
        takeList_.refresh(options_.takesFolder);
    }
    if (!job_ && !pendingDrops_.empty()) {
        recorder::ConvertRequest request;
        request.inputPath = pendingDrops_.front();
        request.modelPath = chosenModelPath_;
        request.outputFolder = options_.takesFolder;
        pendingDrops_.pop_front();
        job_ = std::make_unique<recorder::ConvertJob>(request);
    }
    convertBar_.setVisible(job_ != nullptr);
    if (job_) {
        convertProgress_ = job_->progress();
        juce::String text = "Converting " + stemOf(job_->request().inputPath) + " with " + stemOf(job_->request().modelPath);
        if (!pendingDrops_.empty()) text += " (" + juce::String(static_cast<int>(pendingDrops_.size())) + " more queued)";
        dropLabel_.setText(text, juce::dontSendNotification);
    } else {
        dropLabel_.setText("Drop audio files here to convert them offline with " +
                               (chosenModelPath_.empty() ? juce::String("a model") : stemOf(chosenModelPath_)) +
                               " (same result as `mynah convert`)",
                           juce::dontSendNotification);
    }
}

void RecorderComponent::updateDeviceStatus() {
    juce::AudioIODevice* device = deviceManager_.getCurrentAudioDevice();
    if (device) {
        deviceLabel_.setText(device->getTypeName() + ": " + device->getName() + ", " +
                                 juce::String(device->getCurrentSampleRate(), 0) + " Hz, " +
                                 juce::String(device->getCurrentBufferSizeSamples()) + " samples",
                             juce::dontSendNotification);
        deviceLabel_.setColour(juce::Label::textColourId, juce::Colours::white);
    } else {
        deviceLabel_.setText("No audio device" + (deviceError_.isEmpty() ? juce::String() : " (" + deviceError_ + ")") +
                                 ": monitoring and recording are off. Takes, playback list and drag-to-convert still work.",
                             juce::dontSendNotification);
        deviceLabel_.setColour(juce::Label::textColourId, juce::Colour(0xffffb347));
    }
    recordButton_.setEnabled(device != nullptr);
    monitorToggle_.setEnabled(device != nullptr);
}

void RecorderComponent::setStatus(const juce::String& text, bool problem) {
    statusLabel_.setText(text, juce::dontSendNotification);
    statusLabel_.setColour(juce::Label::textColourId, problem ? juce::Colour(0xffffb347) : juce::Colours::white);
}

juce::String RecorderComponent::describeState() const {
    return "audio device: " + deviceLabel_.getText() + " | model: " + statusLabel_.getText() +
           " | models installed: " + juce::String(static_cast<int>(modelPaths_.size())) +
           " | takes folder: " + juce::String(options_.takesFolder) + " | learn: " + learnPanel_.describeState();
}

void RecorderComponent::timerCallback() {
    pollModelLoader();
    pollConversions();
    updateDeviceStatus();
    inputMeter_.setPeak(path_.takeInputPeak());
    outputMeter_.setPeak(path_.takeOutputPeak());
    const std::lock_guard<std::mutex> lock(controlMutex_);
    path_.collectRetired();
    const double rate = path_.sampleRateHz();
    latencyLabel_.setText(rate > 0.0 ? "Latency " + juce::String(1000.0 * path_.latencySamples() / rate, 1) + " ms (" +
                                           juce::String(path_.latencySamples()) + " samples), xruns " +
                                           juce::String(static_cast<juce::int64>(path_.xrunCount()))
                                     : juce::String("Latency: no device"),
                          juce::dontSendNotification);
    if (const recorder::TakeWriter* take = path_.take()) {
        recordButton_.setButtonText("Stop");
        recordButton_.setColour(juce::TextButton::buttonColourId, juce::Colours::darkred);
        juce::String text = "REC " + minutesSecondsText(static_cast<double>(take->samplesWritten()) / std::max(1.0, rate), 1) +
                            "  " + juce::String(take->paths().stem);
        if (take->failed()) text += "  " + juce::String(take->error());
        else if (take->droppedSamples() > 0) text += "  (dropping: disk too slow)";
        recordLabel_.setText(text, juce::dontSendNotification);
    } else {
        recordButton_.setButtonText("Record");
        recordButton_.removeColour(juce::TextButton::buttonColourId);
        recordLabel_.setText(hasDevice() ? "Ready to record (dry + converted)" : "", juce::dontSendNotification);
    }
    stopButton_.setEnabled(path_.player().playing());
}

void RecorderComponent::audioDeviceIOCallbackWithContext(const float* const* inputs, int numInputs,
                                                         float* const* outputs, int numOutputs, int numSamples,
                                                         const juce::AudioIODeviceCallbackContext&) {
    path_.process(inputs, numInputs, outputs, numOutputs, numSamples);
}

void RecorderComponent::audioDeviceAboutToStart(juce::AudioIODevice* device) {
    const std::lock_guard<std::mutex> lock(controlMutex_);
    path_.prepare(device->getCurrentSampleRate(), device->getCurrentBufferSizeSamples());
}

void RecorderComponent::audioDeviceStopped() {}

void RecorderComponent::paint(juce::Graphics& g) {
    g.fillAll(kBackground);
    g.setColour(dragHover_ ? kAccent.withAlpha(0.25f) : juce::Colour(0xff1c2126));
    g.fillRoundedRectangle(dropArea_.toFloat(), 6.0f);
    g.setColour(dragHover_ ? kAccent : juce::Colours::white.withAlpha(0.3f));
    g.drawRoundedRectangle(dropArea_.toFloat().reduced(1.0f), 6.0f, 1.5f);
}

void RecorderComponent::resized() {
    auto area = getLocalBounds().reduced(14);
    auto row = [&area](int height) {
        auto r = area.removeFromTop(height);
        area.removeFromTop(8);
        return r;
    };
    auto header = row(32);
    title_.setBounds(header.removeFromLeft(200));
    deviceButton_.setBounds(header.removeFromRight(140));
    header.removeFromRight(10);
    modelBox_.setBounds(header.removeFromRight(240));
    modelLabel_.setBounds(header.removeFromRight(50));
    deviceLabel_.setBounds(row(22));
    statusLabel_.setBounds(row(22));

    auto controls = row(30);
    recordButton_.setBounds(controls.removeFromLeft(100));
    controls.removeFromLeft(10);
    formatBox_.setBounds(controls.removeFromLeft(160));
    controls.removeFromLeft(10);
    monitorToggle_.setBounds(controls.removeFromLeft(200));
    transposeSlider_.setBounds(controls.removeFromRight(200));
    transposeLabel_.setBounds(controls.removeFromRight(100));
    recordLabel_.setBounds(row(22));
    auto meters = row(16);
    inputMeter_.setBounds(meters.removeFromLeft(meters.getWidth() / 2 - 6));
    meters.removeFromLeft(12);
    outputMeter_.setBounds(meters);
    latencyLabel_.setBounds(row(20));

    dropArea_ = area.removeFromBottom(84);
    auto drop = dropArea_.reduced(12);
    convertBar_.setBounds(drop.removeFromBottom(20));
    dropLabel_.setBounds(drop);
    area.removeFromBottom(8);
    learnPanel_.setBounds(area.removeFromBottom(116));
    area.removeFromBottom(8);
    auto takesHeader = row(28);
    openFolderButton_.setBounds(takesHeader.removeFromRight(100));
    takesHeader.removeFromRight(6);
    stopButton_.setBounds(takesHeader.removeFromRight(60));
    takesHeader.removeFromRight(6);
    playDryButton_.setBounds(takesHeader.removeFromRight(80));
    takesHeader.removeFromRight(6);
    playConvertedButton_.setBounds(takesHeader.removeFromRight(120));
    takesLabel_.setBounds(takesHeader);
    takeList_.setBounds(area);
}

}  // namespace mynah::recorder_app
