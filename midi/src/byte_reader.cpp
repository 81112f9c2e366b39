// SPDX-License-Identifier: GPL-3.0-or-later
#include "byte_reader.h"

#include <utility>

#include "error_text.h"

namespace mynah::midi {

namespace {
constexpr int kMaxVariableLengthBytes = 4;  // the SMF standard's limit (values up to 0x0FFFFFFF)
}

ByteReader::ByteReader(const std::vector<unsigned char>& bytes, std::size_t beginOffset, std::size_t endOffset,
                       std::string fileName, std::string partName)
    : bytes_(bytes),
      offset_(beginOffset),
      endOffset_(endOffset),
      fileName_(std::move(fileName)),
      partName_(std::move(partName)) {}

unsigned ByteReader::peekByte() const {
    require(1);
    return bytes_[offset_];
}

unsigned ByteReader::readByte() {
    require(1);
    return bytes_[offset_++];
}

unsigned ByteReader::readU16() {
    const unsigned high = readByte();
    return (high << 8) | readByte();
}

std::uint32_t ByteReader::readU24() {
    const std::uint32_t high = readU16();
    return (high << 8) | readByte();
}

std::uint32_t ByteReader::readU32() {
    const std::uint32_t high = readU16();
    return (high << 16) | readU16();
}

std::uint32_t ByteReader::readVariableLength() {
    const std::size_t startOffset = offset_;
    std::uint32_t value = 0;
    for (int i = 0; i < kMaxVariableLengthBytes; ++i) {
        const unsigned byte = readByte();
        value = (value << 7) | (byte & 0x7Fu);
        if ((byte & 0x80u) == 0) return value;
    }
    fail("has a variable-length quantity longer than 4 bytes" + atByte(startOffset));
}

void ByteReader::skip(std::uint64_t byteCount) {
    require(byteCount);
    offset_ += static_cast<std::size_t>(byteCount);
}

void ByteReader::fail(const std::string& problem) const {
    throwMidiError(fileName_, partName_ + " " + problem);
}

void ByteReader::require(std::uint64_t byteCount) const {
    if (byteCount > remaining()) fail("is truncated" + atByte(endOffset_));
}

}  // namespace mynah::midi
