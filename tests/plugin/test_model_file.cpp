// SPDX-License-Identifier: GPL-3.0-or-later
// A model loaded from a file (MynahProcessor::loadModelFile, the editor's "Load model file..."),
// tested on the processor itself, in this process (the hosted bundles are opaque): it loads on the
// loader thread, plays exactly like the same model chosen in the list and reports its latency; it
// is saved by path and restored; picking a model in the list replaces it; a broken file leaves the
// audio passing (dry, or the model already playing) and the status names it. A saved state that is
// not Mynah's keeps the settings, and the status says why.
// The files live in a temporary folder outside the model search folders ($MYNAH_MODEL_PATH is the
// test packages' folder, see CMakeLists.txt). The editor's model browser is checked without a window.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "mynah/runtime/model_loader.h"
#include "processor.h"

namespace juce {
bool dispatchNextMessageOnSystemQueue(bool returnIfNoPendingMessages);  // juce_events, Linux: one message
}  // namespace juce

using mynah::plugin::MynahProcessor;

namespace {

constexpr double kRate = 48000.0;
constexpr int kBlock = 512;

struct TempFolder {
    juce::File dir = juce::File::getSpecialLocation(juce::File::tempDirectory).getNonexistentChildFile("mynah_model_file_test", "");
    TempFolder() { REQUIRE(dir.createDirectory().wasOk()); }
    ~TempFolder() { dir.deleteRecursively(); }
};

// Runs the message loop (the processor's async latency update) until `done`. The plugin's JUCE is
// built without modal loops (no MessageManager::runDispatchLoopUntil), so this dispatches one message
// at a time with the function that loop uses.
void pumpUntil(const std::function<bool()>& done, double seconds = 60.0) {
    const auto deadline = juce::Time::getMillisecondCounterHiRes() + seconds * 1000.0;
    while (!done() && juce::Time::getMillisecondCounterHiRes() < deadline)
        if (!juce::dispatchNextMessageOnSystemQueue(true)) juce::Thread::sleep(5);
}

// Waits until the loader has finished with `model` (loaded or failed); returns the status then.
MynahProcessor::Status waitForModel(MynahProcessor& p, const std::string& model) {
    pumpUntil([&] {
        const auto s = p.status();
        return s.modelName == model && (s.state == MynahProcessor::ModelState::Loaded || s.state == MynahProcessor::ModelState::Failed);
    });
    const auto status = p.status();
    INFO(status.message);
    REQUIRE(status.modelName == model);
    return status;
}

void prepare(MynahProcessor& p, bool nonRealtime) {
    p.setNonRealtime(nonRealtime);
    p.prepareToPlay(kRate, kBlock);
}

std::vector<float> run(MynahProcessor& p, const std::vector<float>& input) {
    std::vector<float> out(input.size());
    juce::AudioBuffer<float> buffer(2, kBlock);
    juce::MidiBuffer midi;
    for (size_t pos = 0; pos < input.size(); pos += kBlock) {
        const int n = static_cast<int>(std::min<size_t>(kBlock, input.size() - pos));
        buffer.setSize(2, n, false, false, true);
        for (int ch = 0; ch < 2; ++ch) std::copy_n(input.data() + pos, n, buffer.getWritePointer(ch));
        p.processBlock(buffer, midi);
        std::copy_n(buffer.getReadPointer(0), n, out.data() + pos);
    }
    return out;
}

std::vector<float> noise(size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(-0.3f, 0.3f);
    std::vector<float> x(n);
    for (float& v : x) v = u(rng);
    return x;
}

juce::ComboBox* findComboBox(juce::Component& parent) {
    for (auto* child : parent.getChildren()) {
        if (auto* box = dynamic_cast<juce::ComboBox*>(child)) return box;
        if (auto* inner = findComboBox(*child)) return inner;
    }
    return nullptr;
}

void selectSlot(MynahProcessor& p, const std::string& name) {
    const auto& models = p.installedModelList();
    const auto found = std::find_if(models.begin(), models.end(), [&](const auto& m) { return m.name == name; });
    REQUIRE(found != models.end());
    auto* param = p.parameters().getParameter("model");
    param->setValueNotifyingHost(param->convertTo0to1(static_cast<float>(found - models.begin())));
}

}  // namespace

TEST_CASE("a model file plays like the installed model, is saved by path and replaced from the list", "[model_file]") {
    TempFolder temp;
    // Named like the installed zoo model, so that only the path tells them apart.
    const juce::File file = temp.dir.getChildFile("voice_resynth.mynah");
    REQUIRE(juce::File(MYNAH_ZOO_DIR).getChildFile("voice_resynth.mynah").copyFileTo(file));
    const std::string path = file.getFullPathName().toStdString();

    MynahProcessor fromList, fromFile;
    selectSlot(fromList, "voice_resynth");
    REQUIRE(fromFile.loadModelFile(path).empty());
    REQUIRE(fromFile.modelFile().has_value());
    CHECK(fromFile.modelFile()->path == path);
    CHECK(fromFile.modelFile()->name == "voice_resynth");
    CHECK(fromFile.status().state == MynahProcessor::ModelState::NotLoadedYet);  // loaded by the loader thread, later
    prepare(fromList, true);
    prepare(fromFile, true);
    CHECK(waitForModel(fromList, "voice_resynth").state == MynahProcessor::ModelState::Loaded);
    CHECK(waitForModel(fromFile, "voice_resynth").state == MynahProcessor::ModelState::Loaded);

    const int latency = fromList.engineLatencySamples();
    REQUIRE(latency > 0);
    CHECK(fromFile.engineLatencySamples() == latency);
    pumpUntil([&] { return fromFile.getLatencySamples() == latency; }, 5.0);
    CHECK(fromFile.getLatencySamples() == latency);  // reported to the host

    // Offline, every frame goes through the model: the same model gives the same samples.
    const auto input = noise(static_cast<size_t>(kRate), 3);
    const auto expected = run(fromList, input);
    const auto output = run(fromFile, input);
    CHECK(output == expected);
    double differs = 0.0;
    for (size_t k = static_cast<size_t>(latency); k < input.size(); ++k) differs += std::abs(output[k] - input[k - static_cast<size_t>(latency)]);
    CHECK(differs > 1.0);  // the model's output, not the input delayed

    // Saved by path, restored as the file, not as the installed model of the same name.
    juce::MemoryBlock state;
    fromFile.getStateInformation(state);
    const auto saved = mynah::plugin::parseState(mynah::plugin::StateKind::voice, state.getData(), state.getSize()).state;
    REQUIRE((saved && saved->model));
    CHECK(saved->model->path == path);
    MynahProcessor restored;
    restored.setStateInformation(state.getData(), static_cast<int>(state.getSize()));
    REQUIRE(restored.modelFile().has_value());
    CHECK(restored.modelFile()->path == path);
    prepare(restored, false);
    CHECK(waitForModel(restored, "voice_resynth").state == MynahProcessor::ModelState::Loaded);
    CHECK(restored.engineLatencySamples() == latency);

    // Picking the model in the list (the same slot as before: test_voice) replaces the file.
    restored.forgetModelFile();
    CHECK_FALSE(restored.modelFile().has_value());
    CHECK(waitForModel(restored, "test_voice").state == MynahProcessor::ModelState::Loaded);
    juce::MemoryBlock after;
    restored.getStateInformation(after);
    const auto savedAfter = mynah::plugin::parseState(mynah::plugin::StateKind::voice, after.getData(), after.getSize()).state;
    REQUIRE((savedAfter && savedAfter->model));
    CHECK(savedAfter->model->name == "test_voice");
}

TEST_CASE("a broken model file leaves the audio passing and the status names it", "[model_file]") {
    TempFolder temp;
    const juce::File file = temp.dir.getChildFile("broken_voice.mynah");
    std::vector<char> garbage(4096);
    std::mt19937 rng(5);
    for (char& c : garbage) c = static_cast<char>(rng());
    REQUIRE(file.replaceWithData(garbage.data(), garbage.size()));
    const std::string path = file.getFullPathName().toStdString();
    const auto input = noise(24000, 9);

    SECTION("no model before: dry") {
        MynahProcessor p;
        REQUIRE(p.loadModelFile(path).empty());
        prepare(p, false);
        const auto status = waitForModel(p, "broken_voice");
        INFO(status.message);
        CHECK(status.state == MynahProcessor::ModelState::Failed);
        CHECK(status.message.find("broken_voice") != std::string::npos);
        CHECK(status.message.find("passes through dry") != std::string::npos);
        CHECK(status.message.find('\n') == std::string::npos);
        CHECK(p.engineLatencySamples() == 0);
        const auto out = run(p, input);
        for (size_t k = 0; k < input.size(); ++k) REQUIRE(out[k] == Approx(input[k]).margin(1e-5));
    }
    SECTION("a model playing: it keeps playing") {
        MynahProcessor p;
        prepare(p, false);
        CHECK(waitForModel(p, "test_voice").state == MynahProcessor::ModelState::Loaded);
        const int latency = p.engineLatencySamples();
        REQUIRE(latency > 0);
        REQUIRE(p.loadModelFile(path).empty());
        const auto status = waitForModel(p, "broken_voice");
        INFO(status.message);
        CHECK(status.state == MynahProcessor::ModelState::Failed);
        CHECK(status.message.find("still playing test_voice") != std::string::npos);
        CHECK(p.engineLatencySamples() == latency);
        const auto out = run(p, input);
        CHECK(std::all_of(out.begin(), out.end(), [](float v) { return std::isfinite(v) && std::abs(v) < 8.0f; }));
    }
    SECTION("no such file: nothing changes but the status") {
        MynahProcessor p;
        const std::string missing = temp.dir.getChildFile("missing.mynah").getFullPathName().toStdString();
        const std::string error = p.loadModelFile(missing);
        CHECK(error.find(missing) != std::string::npos);
        CHECK_FALSE(p.modelFile().has_value());
        CHECK(p.status().state == MynahProcessor::ModelState::Failed);
    }
}

TEST_CASE("the editor's model browser: models by source, Load model file..., a file shows as (from file)", "[model_file]") {
    TempFolder temp;
    const juce::File file = temp.dir.getChildFile("my_voice.mynah");
    REQUIRE(juce::File(MYNAH_ZOO_DIR).getChildFile("voice_resynth.mynah").copyFileTo(file));
    MynahProcessor p;
    const std::unique_ptr<juce::AudioProcessorEditor> editor(p.createEditor());
    juce::ComboBox* box = findComboBox(*editor);
    REQUIRE(box != nullptr);

    std::vector<std::string> entries;  // headings as "# heading"
    for (juce::PopupMenu::MenuItemIterator it(*box->getRootMenu()); it.next();) {
        const auto& item = it.getItem();
        if (item.isSectionHeader) entries.push_back("# " + item.text.toStdString());
        else if (item.itemID != 0) entries.push_back(item.text.toStdString());
    }
    // The shipped models are whatever models/zoo holds: voices, then instruments, each sorted by name.
    std::vector<std::pair<bool, std::string>> shipped;
    for (const auto& f : juce::File(MYNAH_ZOO_DIR).findChildFiles(juce::File::findFiles, false, "*.mynah"))
        shipped.push_back({mynah::runtime::readModelMetadata(f.getFullPathName().toStdString()).hasInstrument,
                           f.getFileNameWithoutExtension().toStdString()});
    std::sort(shipped.begin(), shipped.end());
    std::vector<std::string> expected = {"# Shipped with Mynah"};
    for (const auto& [instrument, name] : shipped) expected.push_back(name);
    for (const char* rest : {"# From $MYNAH_MODEL_PATH", "test_voice", "test_voice_lookahead", "Load model file..."})
        expected.emplace_back(rest);
    CHECK(entries == expected);
    CHECK(box->getText() == "test_voice");

    REQUIRE(p.loadModelFile(file.getFullPathName().toStdString()).empty());
    pumpUntil([&] { return box->getText() == "my_voice (from file)"; }, 5.0);
    CHECK(box->getText() == "my_voice (from file)");

    box->setSelectedId(1, juce::sendNotificationSync);  // the user picks test_voice (slot 1) again
    CHECK_FALSE(p.modelFile().has_value());
    CHECK(box->getText() == "test_voice");
    CHECK(waitForModel(p, "test_voice").state == MynahProcessor::ModelState::Loaded);
}

TEST_CASE("a saved state the host gives that is not Mynah's keeps the settings and says why in the status", "[model_file]") {
    MynahProcessor p;
    juce::RangedAudioParameter* transpose = nullptr;
    for (auto* parameter : p.getParameters())
        if (auto* withId = dynamic_cast<juce::RangedAudioParameter*>(parameter); withId && withId->getParameterID() == mynah::plugin::param::kTranspose)
            transpose = withId;
    REQUIRE(transpose != nullptr);
    transpose->setValueNotifyingHost(transpose->convertTo0to1(5.0f));
    juce::MemoryBlock good;
    p.getStateInformation(good);
    CHECK(p.status().stateError.empty());

    const char garbage[] = "VC2!\x01\x02 not a state at all";
    p.setStateInformation(garbage, static_cast<int>(sizeof(garbage)));
    const auto refused = p.status();
    INFO(refused.stateError);
    CHECK_FALSE(refused.stateError.empty());
    CHECK(refused.stateError.find('\n') == std::string::npos);
    CHECK(transpose->convertFrom0to1(transpose->getValue()) == Approx(5.0f));

    transpose->setValueNotifyingHost(transpose->convertTo0to1(0.0f));
    p.setStateInformation(good.getData(), static_cast<int>(good.getSize()));
    CHECK(p.status().stateError.empty());  // restored: the note goes
    CHECK(transpose->convertFrom0to1(transpose->getValue()) == Approx(5.0f));
}
