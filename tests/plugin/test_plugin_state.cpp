// SPDX-License-Identifier: GPL-3.0-or-later
// The plugins' saved state (plugin/src/plugin_state.h) without the plugins: juce_core and the parser
// both processors call from setStateInformation. Round trips; what the plugins wrote (the fuzzer's
// seeds, tests/fuzz/corpus/plugin_state); every input the fuzzer found (tests/fuzz/regressions/
// plugin_state); and each refusal, with the JUCE parser hazard it keeps away.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include "plugin_state.h"

using namespace mynah::plugin;
namespace fs = std::filesystem;

namespace {
// JUCE's binary XML wrapper around `text`, as AudioProcessor::copyXmlToBinary lays it out.
std::vector<char> wrapped(const std::string& text) {
    std::vector<char> b = {'V', 'C', '2', '!'};
    const auto n = static_cast<std::uint32_t>(text.size());
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    b.insert(b.end(), text.begin(), text.end());
    b.push_back('\0');
    return b;
}

StateParse parse(StateKind kind, const std::vector<char>& bytes) { return parseState(kind, bytes.data(), bytes.size()); }
StateParse parseText(StateKind kind, const std::string& text) { return parse(kind, wrapped(text)); }

std::vector<char> readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool isOneLine(const std::string& s) { return !s.empty() && s.find_first_of("\r\n") == std::string::npos; }

void requireRefused(const StateParse& p, const std::string& because) {
    INFO("a refusal because of \"" << because << "\"; got \"" << p.error << "\"");
    REQUIRE_FALSE(p.state);
    REQUIRE(isOneLine(p.error));
    REQUIRE(p.error.rfind("state: ", 0) == 0);
    REQUIRE(p.error.find(because) != std::string::npos);
}

// Either a state that writes and parses back to itself, or a one-line refusal.
void requireWellBehaved(StateKind kind, const std::vector<char>& bytes) {
    const StateParse p = parse(kind, bytes);
    if (!p.state) {
        REQUIRE(isOneLine(p.error));
        return;
    }
    REQUIRE(p.error.empty());
    for (const auto& [id, value] : p.state->parameters) {
        REQUIRE_FALSE(id.empty());
        REQUIRE(std::isfinite(value));
    }
    juce::MemoryBlock written;
    writeState(kind, *p.state, written);
    const StateParse again = parseState(kind, written.getData(), written.getSize());
    REQUIRE(again.state);
    REQUIRE(again.state->version == p.state->version);
    REQUIRE(again.state->parameters == p.state->parameters);
    REQUIRE(again.state->model.has_value() == p.state->model.has_value());
    if (p.state->model) {
        REQUIRE(again.state->model->name == p.state->model->name);
        REQUIRE(again.state->model->path == p.state->model->path);
    }
}

std::vector<fs::path> filesIn(const fs::path& folder) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file()) files.push_back(entry.path());
    return files;
}
}  // namespace

TEST_CASE("plugin state: both plugins' states write and parse back, in JUCE's binary XML layout", "[plugin_state]") {
    PluginState voice;
    voice.model = SavedModel{"été & <voix> \"1\"", "/home/ü/models/été.mynah"};
    voice.parameters = {{"transpose", -3.0f}, {"dry_wet", 42.5f}, {"input_gain", -0.1f}, {"tiny", 1e-30f}, {"huge", 3e38f}};
    juce::MemoryBlock written;
    writeState(StateKind::voice, voice, written);
    const auto* bytes = static_cast<const unsigned char*>(written.getData());
    REQUIRE(written.getSize() > 9);
    REQUIRE(std::string(reinterpret_cast<const char*>(bytes), 4) == "VC2!");
    const std::uint32_t length = bytes[4] | (bytes[5] << 8) | (bytes[6] << 16) | (static_cast<std::uint32_t>(bytes[7]) << 24);
    REQUIRE(length == written.getSize() - 9);
    REQUIRE(bytes[written.getSize() - 1] == 0);
    REQUIRE(std::string(reinterpret_cast<const char*>(bytes) + 8, 19) == "<?xml version=\"1.0\"");

    StateParse p = parseState(StateKind::voice, written.getData(), written.getSize());
    INFO(p.error);
    REQUIRE(p.state);
    CHECK(p.state->version == kStateVersion);
    REQUIRE(p.state->model);
    CHECK(p.state->model->name == voice.model->name);
    CHECK(p.state->model->path == voice.model->path);
    CHECK(p.state->parameters == voice.parameters);
    // A voice state is not an instrument state, and the other way round.
    requireRefused(parseState(StateKind::instrument, written.getData(), written.getSize()), "<MYNAH_STATE>, not <MynahInstrument>");

    PluginState instrument;
    instrument.version = 0;
    instrument.model = SavedModel{"violin", ""};
    instrument.parameters = {{"instrument", 4.0f}, {"polyphony", 1.0f}, {"attack", 12.5f}};
    writeState(StateKind::instrument, instrument, written);
    p = parseState(StateKind::instrument, written.getData(), written.getSize());
    REQUIRE(p.state);
    REQUIRE(p.state->model);
    CHECK(p.state->model->name == "violin");
    CHECK(p.state->parameters == instrument.parameters);
    requireRefused(parseState(StateKind::voice, written.getData(), written.getSize()), "<MynahInstrument>, not <MYNAH_STATE>");
}

TEST_CASE("plugin state: older forms are read", "[plugin_state]") {
    // The voice plugin's version 0: a bare AudioProcessorValueTreeState tree.
    StateParse p = parseText(StateKind::voice, "<PARAMETERS><PARAM id=\"transpose\" value=\"12\"/></PARAMETERS>");
    REQUIRE(p.state);
    CHECK(p.state->version == 0);
    CHECK_FALSE(p.state->model);
    CHECK(p.state->parameters == std::map<std::string, float>{{"transpose", 12.0f}});
    // Mynah Instrument before plugin_state.h: its value tree as AudioProcessorValueTreeState wrote it.
    p = parseText(StateKind::instrument, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<MynahInstrument instrument_name=\"cello\">"
                                         "<PARAM id=\"instrument\" value=\"4.0\"/><PARAM id=\"polyphony\" value=\"3.0\"/></MynahInstrument>");
    REQUIRE(p.state);
    REQUIRE(p.state->model);
    CHECK(p.state->model->name == "cello");
    CHECK(p.state->parameters == std::map<std::string, float>{{"instrument", 4.0f}, {"polyphony", 3.0f}});
    // A newer version is read for what this version knows.
    p = parseText(StateKind::voice, "<MYNAH_STATE version=\"99\"><NEW_THING/><PARAMETERS><PARAM id=\"gate\" value=\"-50\"/></PARAMETERS></MYNAH_STATE>");
    REQUIRE(p.state);
    CHECK(p.state->version == 99);
    CHECK(p.state->parameters.at("gate") == -50.0f);
}

TEST_CASE("plugin state: values that are not finite floats are dropped, the rest read exactly", "[plugin_state]") {
    const StateParse p = parseText(
        StateKind::voice,
        "<MYNAH_STATE version=\"1\"><PARAMETERS>"
        "<PARAM id=\"nan\" value=\"nan\"/><PARAM id=\"inf\" value=\"-inf\"/><PARAM id=\"beyond_float\" value=\"1e39\"/>"
        "<PARAM id=\"exponent_overflows_int\" value=\"1e99999999999\"/><PARAM id=\"word\" value=\"abc\"/>"
        "<PARAM id=\"trailing_junk\" value=\"3abc\"/><PARAM id=\"empty\" value=\"\"/><PARAM id=\"missing\"/><PARAM value=\"1\"/>"
        "<PARAM id=\"spaces\" value=\" 2.5 \"/><PARAM id=\"plus\" value=\"+0.25\"/><PARAM id=\"big\" value=\"1e30\"/>"
        "<PARAM id=\"exact\" value=\"0.10000000149011612\"/>"
        "</PARAMETERS></MYNAH_STATE>");
    REQUIRE(p.state);
    CHECK(p.state->parameters == std::map<std::string, float>{{"spaces", 2.5f}, {"plus", 0.25f}, {"big", 1e30f}, {"exact", 0.1f}});
    // JUCE's own integer reader negates INT_MIN (undefined behaviour); this one reads it.
    const StateParse minimum = parseText(StateKind::voice, "<MYNAH_STATE version=\"-2147483648\"/>");
    REQUIRE(minimum.state);
    CHECK(minimum.state->version == std::numeric_limits<int>::min());
    requireRefused(parseText(StateKind::voice, "<MYNAH_STATE version=\"2147483648\"/>"), "is not an integer");
    requireRefused(parseText(StateKind::voice, "<MYNAH_STATE version=\"one\"/>"), "is not an integer");
}

TEST_CASE("plugin state: garbage is refused in one line, before JUCE's parser when it would mishandle it", "[plugin_state]") {
    requireRefused(parseState(StateKind::voice, nullptr, 0), "empty");
    requireRefused(parseState(StateKind::voice, "VC2!", 4), "not JUCE's binary XML");
    requireRefused(parseState(StateKind::voice, "<MYNAH_STATE/>", 14), "not JUCE's binary XML");
    const std::vector<char> huge(kMaxStateBytes + 1, 'x');
    requireRefused(parse(StateKind::voice, huge), "more than a state's");
    requireRefused(parseText(StateKind::voice, ""), "no XML text");
    requireRefused(parseText(StateKind::voice, "<MYNAH_STATE version=\"1\""), "cut short");
    requireRefused(parseText(StateKind::voice, "<MYNAH_STATE version=\"1\"><PARAMETERS>"), "does not parse");
    requireRefused(parseText(StateKind::voice, "<OTHER/>"), "root element is <OTHER>");
    // Invalid UTF-8: a sequence cut by the end of the text (JUCE's decoder reads on past it), an
    // overlong form, a surrogate, a stray continuation byte.
    for (const std::string bad : {"<MYNAH_STATE a=\"\xF0\x9F\x8E", "<MYNAH_STATE a=\"\xC0\xAF\"/>", "<MYNAH_STATE a=\"\xED\xA0\x80\"/>",
                                   "<MYNAH_STATE a=\"\x80\"/>"})
        requireRefused(parseText(StateKind::voice, bad), "not valid UTF-8");
    // Character references other than JUCE's: JUCE parses an unknown one again as markup and reads past
    // the end of the text after a malformed numeric one (the fuzzer's heap overflow: "&<M>&#X;").
    for (const std::string bad : {"<MYNAH_STATE>&<M>&#X;</MYNAH_STATE>", "<MYNAH_STATE>&#X;</MYNAH_STATE>",
                                   "<MYNAH_STATE>&#x</MYNAH_STATE>", "<MYNAH_STATE>&nbsp;</MYNAH_STATE>",
                                   "<MYNAH_STATE>&amp</MYNAH_STATE>", "<MYNAH_STATE>&#0;</MYNAH_STATE>",
                                   "<MYNAH_STATE>&#x110000;</MYNAH_STATE>", "<MYNAH_STATE>&#-1;</MYNAH_STATE>",
                                   "<MYNAH_STATE><MODEL name=\"&#xD800;\"/></MYNAH_STATE>",
                                   "<MynahInstrument instrument_name=\"&#55296;\"/>"})
        requireRefused(parseText(bad.find("Instrument") != std::string::npos ? StateKind::instrument : StateKind::voice, bad),
                       "character reference");
    const StateParse references = parseText(
        StateKind::voice, "<MYNAH_STATE><MODEL name=\"&amp;&lt;&gt;&quot;&apos;&#233;&#xE9;&#X1F3B5;\"/></MYNAH_STATE>");
    REQUIRE(references.state);
    REQUIRE(references.state->model);
    CHECK(references.state->model->name == "&<>\"'\u00e9\u00e9\U0001F3B5");
    // Nesting: JUCE's parser recurses per level (5,000 levels overflowed an ASan build's stack).
    std::string deep;
    for (int i = 0; i < 5000; ++i) deep += "<a>";
    requireRefused(parseText(StateKind::voice, deep), "more than 256 XML elements");
    std::string nested = "<MYNAH_STATE>";
    for (int i = 0; i < 255; ++i) nested += "<a>";
    for (int i = 0; i < 255; ++i) nested += "</a>";
    REQUIRE(parseText(StateKind::voice, nested + "</MYNAH_STATE>").state);
    // JUCE 7.0.5 loops for ever on a processing instruction followed by text inside an element.
    requireRefused(parseText(StateKind::voice, "<MYNAH_STATE><?x?>text</MYNAH_STATE>"), "processing instruction");
    requireRefused(parseText(StateKind::voice, "<MYNAH_STATE><!-- comment --></MYNAH_STATE>"), "comment");
    requireRefused(parseText(StateKind::voice, "<!DOCTYPE a [<!ENTITY e \"&e;\">]><MYNAH_STATE>&e;</MYNAH_STATE>"), "DOCTYPE");
    requireRefused(parseText(StateKind::voice, " <?xml version=\"1.0\"?><MYNAH_STATE/>"), "declaration");
    REQUIRE(parseText(StateKind::voice, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><MYNAH_STATE/>").state);
    // The declared length is cut to the bytes there are, and the text to its first NUL (as JUCE does).
    auto longer = wrapped("<MYNAH_STATE/>");
    longer[7] = 0x7f;
    REQUIRE(parse(StateKind::voice, longer).state);
    REQUIRE(parse(StateKind::voice, wrapped(std::string("<MYNAH_STATE/>\0garbage", 22))).state);
}

TEST_CASE("plugin state: what the plugins wrote (the fuzzer's seeds) is read", "[plugin_state]") {
    const fs::path corpus = fs::path(MYNAH_FUZZ_DIR) / "corpus" / "plugin_state";
    int seeds = 0;
    for (const fs::path& file : filesIn(corpus)) {
        INFO(file.filename().string());
        const std::vector<char> bytes = readFile(file);
        requireWellBehaved(StateKind::voice, bytes);
        requireWellBehaved(StateKind::instrument, bytes);
        ++seeds;
    }
    REQUIRE(seeds >= 10);
    for (const char* name : {"voice_default.state", "voice_settings.state"}) {
        INFO(name);
        const StateParse p = parse(StateKind::voice, readFile(corpus / name));
        INFO(p.error);
        REQUIRE(p.state);
        CHECK(p.state->version == kStateVersion);
        CHECK(p.state->model);
        CHECK(p.state->parameters.count("transpose") == 1);
    }
    for (const char* name : {"instrument_default.state", "instrument_settings.state"}) {
        INFO(name);
        const StateParse p = parse(StateKind::instrument, readFile(corpus / name));
        INFO(p.error);
        REQUIRE(p.state);
        CHECK(p.state->model);
        CHECK(p.state->parameters.count("polyphony") == 1);
    }
    const StateParse settings = parse(StateKind::instrument, readFile(corpus / "instrument_settings.state"));
    REQUIRE(settings.state);
    CHECK(settings.state->model->name == "flute");
    CHECK(settings.state->parameters.at("polyphony") == 1.0f);
}

TEST_CASE("plugin state: every input the fuzzer found is refused or read, and returns", "[plugin_state]") {
    int found = 0;
    for (const fs::path& file : filesIn(fs::path(MYNAH_FUZZ_DIR) / "regressions" / "plugin_state")) {
        INFO(file.filename().string());
        const std::vector<char> bytes = readFile(file);
        requireWellBehaved(StateKind::voice, bytes);
        requireWellBehaved(StateKind::instrument, bytes);
        ++found;
    }
    REQUIRE(found >= 2);
    const fs::path folder = fs::path(MYNAH_FUZZ_DIR) / "regressions" / "plugin_state";
    // A processing instruction followed by text: JUCE's parser looped for ever.
    requireRefused(parse(StateKind::voice, readFile(folder / "processing_instruction_then_text_hangs_juce.bin")),
                   "processing instruction");
    // An unknown entity "&<M>&#X;": JUCE parsed it again as markup and read past its end (heap overflow).
    requireRefused(parse(StateKind::voice, readFile(folder / "unknown_entity_reparsed_reads_past_end.bin")), "character reference");
}
