// SPDX-License-Identifier: GPL-3.0-or-later
#include "plugin_state.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <system_error>

namespace mynah::plugin {

namespace {
constexpr juce::uint32 kBinaryXmlMagic = 0x21324356;  // "VC2!", AudioProcessor::copyXmlToBinary's
constexpr std::size_t kWrapperHeaderBytes = 8;         // magic + text length
constexpr const char* kRootTag = "MYNAH_STATE";
constexpr const char* kModelTag = "MODEL";
constexpr const char* kParametersTag = "PARAMETERS";  // the tag AudioProcessorValueTreeState uses
constexpr const char* kParamTag = "PARAM";
constexpr const char* kInstrumentNameAttribute = "instrument_name";

StateParse refuse(const std::string& why) { return StateParse{std::nullopt, "state: " + why}; }

// RFC 3629 UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF, no NUL.
bool isValidUtf8(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    for (std::size_t i = 0; i < n;) {
        const unsigned c = s[i];
        if (c == 0) return false;
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t extra = 0;
        std::uint32_t code = 0, minimum = 0;
        if ((c & 0xE0) == 0xC0) extra = 1, code = c & 0x1F, minimum = 0x80;
        else if ((c & 0xF0) == 0xE0) extra = 2, code = c & 0x0F, minimum = 0x800;
        else if ((c & 0xF8) == 0xF0) extra = 3, code = c & 0x07, minimum = 0x10000;
        else return false;
        if (n - i <= extra) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            if ((s[i + k] & 0xC0) != 0x80) return false;
            code = (code << 6) | (s[i + k] & 0x3F);
        }
        if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
        i += extra + 1;
    }
    return true;
}

// The character references JUCE writes: the five predefined entities and numeric references to a
// character (not NUL, not a surrogate). JUCE's reader expands any other name as markup (an unknown
// "&<M>&#X;" is parsed again as an element), and after a malformed numeric reference it steps over the
// character that ended it, even the end of the text: fuzzing found the heap overflow.
bool hasOnlyWellFormedReferences(std::string_view text) {
    for (std::size_t amp = text.find('&'); amp != std::string_view::npos; amp = text.find('&', amp + 1)) {
        const std::string_view rest = text.substr(amp + 1);
        const std::size_t semicolon = rest.find(';');
        if (semicolon == std::string_view::npos || semicolon > 8) return false;
        const std::string_view name = rest.substr(0, semicolon);
        if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") continue;
        if (name.size() < 2 || name[0] != '#') return false;
        const bool hex = name[1] == 'x' || name[1] == 'X';
        const std::string_view digits = name.substr(hex ? 2 : 1);
        std::uint32_t code = 0;
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
        if (digits.empty() || error != std::errc() || end != digits.data() + digits.size()) return false;
        if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    }
    return true;
}

std::string_view trimmed(std::string_view s) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && space(s.front())) s.remove_prefix(1);
    while (!s.empty() && space(s.back())) s.remove_suffix(1);
    return s;
}

// Numbers are read here, not with XmlElement::getIntAttribute/getDoubleAttribute: JUCE's readers
// overflow a signed int on some inputs (an exponent of ten digits, "-2147483648") and take "3abc" for 3.
template <typename Number>
std::optional<Number> parseNumber(const juce::String& attribute) {
    const std::string text = attribute.toStdString();
    std::string_view s = trimmed(text);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    Number value{};
    const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (error != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return value;
}

// PARAM children of `parent` with a non-empty valid id and a value that is a finite float.
void readParameters(const juce::XmlElement& parent, PluginState& state) {
    for (const auto* p : parent.getChildWithTagNameIterator(kParamTag)) {
        const std::string id = p->getStringAttribute("id").toStdString();
        if (id.empty() || !isValidUtf8(id) || !p->hasAttribute("value")) continue;
        const std::optional<double> value = parseNumber<double>(p->getStringAttribute("value"));
        if (!value || !std::isfinite(*value) || std::abs(*value) > std::numeric_limits<float>::max()) continue;
        state.parameters[id] = static_cast<float>(*value);
    }
}

// The XML text inside JUCE's binary wrapper, checked for what JUCE's parser mishandles.
std::optional<std::string> unwrap(const void* data, std::size_t sizeInBytes, std::string& error) {
    if (data == nullptr || sizeInBytes == 0) {
        error = "empty";
        return std::nullopt;
    }
    if (sizeInBytes > kMaxStateBytes) {
        error = std::to_string(sizeInBytes) + " bytes, more than a state's " + std::to_string(kMaxStateBytes);
        return std::nullopt;
    }
    const auto* bytes = static_cast<const char*>(data);
    if (sizeInBytes <= kWrapperHeaderBytes || juce::ByteOrder::littleEndianInt(bytes) != kBinaryXmlMagic) {
        error = std::to_string(sizeInBytes) + " bytes that are not JUCE's binary XML (no \"VC2!\" header)";
        return std::nullopt;
    }
    const std::size_t declared = juce::ByteOrder::littleEndianInt(bytes + 4);
    // As AudioProcessor::getXmlFromBinary: the declared length, cut to the bytes there are, then to the first NUL.
    const std::size_t available = std::min(declared, sizeInBytes - kWrapperHeaderBytes);
    std::string text(bytes + kWrapperHeaderBytes, available);
    text.resize(std::strlen(text.c_str()));
    if (text.empty()) {
        error = "no XML text";
        return std::nullopt;
    }
    if (!isValidUtf8(text)) {
        error = "the XML text is not valid UTF-8";
        return std::nullopt;
    }
    // JUCE writes its <?xml ...?> declaration first and no other declaration, processing instruction,
    // comment, CDATA or DOCTYPE: its parser sees none. JUCE 7.0.5's parser loops for ever on a processing
    // instruction followed by text inside an element (<a><?x?>b</a>: fuzzing found it), and its DTD and
    // entity code is the least exercised part of it.
    std::string_view body = text;
    if (body.substr(0, 5) == "<?xml") {
        const std::size_t end = body.find("?>");
        body.remove_prefix(end == std::string_view::npos ? body.size() : end + 2);
    }
    if (body.find("<?") != std::string_view::npos || body.find("<!") != std::string_view::npos) {
        error = "the XML has a declaration, processing instruction, comment, CDATA or DOCTYPE where a state has none";
        return std::nullopt;
    }
    if (!hasOnlyWellFormedReferences(text)) {
        error = "the XML has a character reference that is not &amp; &lt; &gt; &quot; &apos; or &#N; of a character";
        return std::nullopt;
    }
    // JUCE takes "<MYNAH_STATE version=\"1\"" (a state cut inside its root tag) for a whole element.
    const std::string_view end = trimmed(text);
    if (end.empty() || end.back() != '>') {
        error = "the XML text is cut short (it does not end with '>')";
        return std::nullopt;
    }
    // Each element opens with a '<' not followed by '/': their count bounds the nesting depth.
    int elements = 0;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) elements += text[i] == '<' && text[i + 1] != '/';
    if (elements > kMaxStateElements) {
        error = "more than " + std::to_string(kMaxStateElements) + " XML elements";
        return std::nullopt;
    }
    return text;
}

// For messages: at most 60 characters, on one line.
std::string oneLine(const juce::String& s) {
    std::string line = (s.length() > 60 ? s.substring(0, 60) + "..." : s).toStdString();
    std::replace_if(line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return line;
}

StateParse readVoice(const juce::XmlElement& root) {
    PluginState state;
    if (root.hasTagName(kParametersTag)) {  // version 0: a bare parameter tree
        state.version = 0;
        readParameters(root, state);
        return StateParse{state, {}};
    }
    if (!root.hasTagName(kRootTag))
        return refuse("the root element is <" + oneLine(root.getTagName()) + ">, not <" + kRootTag + ">");
    state.version = 0;
    if (root.hasAttribute("version")) {
        const std::optional<int> version = parseNumber<int>(root.getStringAttribute("version"));
        if (!version) return refuse("version \"" + oneLine(root.getStringAttribute("version")) + "\" is not an integer");
        state.version = *version;
    }
    if (const auto* model = root.getChildByName(kModelTag)) {
        SavedModel saved{model->getStringAttribute("name").toStdString(), model->getStringAttribute("path").toStdString()};
        if (!isValidUtf8(saved.name) || !isValidUtf8(saved.path)) return refuse("the model's name or path is not valid UTF-8");
        if (!saved.name.empty() || !saved.path.empty()) state.model = saved;
    }
    if (const auto* parameters = root.getChildByName(kParametersTag)) readParameters(*parameters, state);
    return StateParse{state, {}};
}

StateParse readInstrument(const juce::XmlElement& root) {
    if (!root.hasTagName(kInstrumentStateTag))
        return refuse("the root element is <" + oneLine(root.getTagName()) + ">, not <" + kInstrumentStateTag + ">");
    PluginState state;
    state.version = 0;
    const std::string name = root.getStringAttribute(kInstrumentNameAttribute).toStdString();
    if (!isValidUtf8(name)) return refuse("the instrument's name is not valid UTF-8");
    if (!name.empty()) state.model = SavedModel{name, {}};
    readParameters(root, state);
    return StateParse{state, {}};
}
}  // namespace

void writeState(StateKind kind, const PluginState& state, juce::MemoryBlock& destination) {
    std::unique_ptr<juce::XmlElement> root;
    juce::XmlElement* parameters = nullptr;
    if (kind == StateKind::voice) {
        root = std::make_unique<juce::XmlElement>(kRootTag);
        root->setAttribute("version", state.version);
        if (state.model) {
            auto* model = root->createNewChildElement(kModelTag);
            model->setAttribute("name", juce::String::fromUTF8(state.model->name.data(), static_cast<int>(state.model->name.size())));
            model->setAttribute("path", juce::String::fromUTF8(state.model->path.data(), static_cast<int>(state.model->path.size())));
        }
        parameters = root->createNewChildElement(kParametersTag);
    } else {
        root = std::make_unique<juce::XmlElement>(kInstrumentStateTag);
        if (state.model)
            root->setAttribute(kInstrumentNameAttribute, juce::String::fromUTF8(state.model->name.data(), static_cast<int>(state.model->name.size())));
        parameters = root.get();
    }
    for (const auto& [id, value] : state.parameters) {
        auto* p = parameters->createNewChildElement(kParamTag);
        p->setAttribute("id", juce::String::fromUTF8(id.data(), static_cast<int>(id.size())));
        p->setAttribute("value", static_cast<double>(value));
    }
    // The layout of AudioProcessor::copyXmlToBinary (what getXmlFromBinary reads).
    destination.reset();
    {
        juce::MemoryOutputStream out(destination, false);
        out.writeInt(static_cast<int>(kBinaryXmlMagic));
        out.writeInt(0);
        root->writeTo(out, juce::XmlElement::TextFormat().singleLine());
        out.writeByte(0);
    }
    const juce::uint32 textBytes = juce::ByteOrder::swapIfBigEndian(static_cast<juce::uint32>(destination.getSize() - kWrapperHeaderBytes - 1));
    destination.copyFrom(&textBytes, 4, sizeof textBytes);
}

StateParse parseState(StateKind kind, const void* data, std::size_t sizeInBytes) {
    std::string error;
    const std::optional<std::string> text = unwrap(data, sizeInBytes, error);
    if (!text) return refuse(error);
    juce::XmlDocument document(juce::String::fromUTF8(text->data(), static_cast<int>(text->size())));
    const std::unique_ptr<juce::XmlElement> root = document.getDocumentElement();
    // JUCE returns what it could read of a document with some errors (a truncated one): refused whole.
    if (!root || document.getLastParseError().isNotEmpty())
        return refuse("the XML does not parse (" + oneLine(document.getLastParseError()) + ")");
    return kind == StateKind::voice ? readVoice(*root) : readInstrument(*root);
}

}  // namespace mynah::plugin
