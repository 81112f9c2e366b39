// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Bounds-checked big-endian reads over one byte range of a file (the header, or one chunk).
// Reading past the range's end throws MidiError "<file>: <part> is truncated at byte <end>".
// Threads: any except a real-time audio thread (errors allocate).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mynah::midi {

class ByteReader {
public:
    // Reads bytes[beginOffset, endOffset); endOffset must not exceed bytes.size().
    // `partName` ("header", "track 2") names the range in messages.
    ByteReader(const std::vector<unsigned char>& bytes, std::size_t beginOffset, std::size_t endOffset,
               std::string fileName, std::string partName);

    std::size_t offset() const { return offset_; }  // from the start of the file
    std::size_t remaining() const { return endOffset_ - offset_; }
    bool atEnd() const { return offset_ == endOffset_; }

    unsigned peekByte() const;
    unsigned readByte();
    unsigned readU16();
    std::uint32_t readU24();
    std::uint32_t readU32();
    // 1 to 4 bytes, 7 bits each, high bit = more follow; at most 0x0FFFFFFF.
    std::uint32_t readVariableLength();
    void skip(std::uint64_t byteCount);

    // Throws MidiError "<file>: <part> <problem>".
    [[noreturn]] void fail(const std::string& problem) const;

private:
    void require(std::uint64_t byteCount) const;

    const std::vector<unsigned char>& bytes_;
    std::size_t offset_;
    std::size_t endOffset_;
    std::string fileName_;
    std::string partName_;
};

}  // namespace mynah::midi
