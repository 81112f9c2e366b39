// SPDX-License-Identifier: GPL-3.0-or-later
// readMidiFile: loads a file's bytes (with a size limit) and hands them to parseMidi.
#include <filesystem>
#include <fstream>
#include <system_error>

#include "error_text.h"
#include "mynah/midi/midi_file.h"

namespace mynah::midi {

namespace {

namespace fs = std::filesystem;

// The file's size in bytes, after checking that it is a regular file within kMaxMidiFileBytes.
std::uintmax_t checkedFileSize(const std::string& path) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (!fs::exists(status)) throwMidiError(path, "no such file");
    if (fs::is_directory(status)) throwMidiError(path, "is a directory, not a MIDI file");
    if (!fs::is_regular_file(status)) throwMidiError(path, "is not a regular file");
    const std::uintmax_t sizeBytes = fs::file_size(path, error);
    if (error) throwMidiError(path, "cannot be read (" + error.message() + ")");
    if (sizeBytes > static_cast<std::uintmax_t>(kMaxMidiFileBytes))
        throwMidiError(path, "is too large (" + std::to_string(sizeBytes) + " bytes; the limit is " +
                                 std::to_string(kMaxMidiFileBytes) + ")");
    return sizeBytes;
}

std::vector<unsigned char> readFileBytes(const std::string& path) {
    const std::uintmax_t sizeBytes = checkedFileSize(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throwMidiError(path, "cannot be opened for reading");
    std::vector<unsigned char> bytes(static_cast<std::size_t>(sizeBytes));
    in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (static_cast<std::uintmax_t>(in.gcount()) != sizeBytes)
        throwMidiError(path, "cannot be read (it changed while being read)");
    return bytes;
}

}  // namespace

MidiSong readMidiFile(const std::string& path) {
    return parseMidi(readFileBytes(path), path);
}

}  // namespace mynah::midi
