// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Loads a `.mynah` package into an InferenceSession (libtorch backend): checks the file, the archive,
// the metadata, the `forward` method and a dry run on zeros, then warms the model up
// (docs/MODEL_FORMAT.md lists the checks). Every failure is a ModelError naming the file.
//
// Threads: any non-real-time thread (loading takes ~0.1-1 s). Never the audio thread, never a
// plugin constructor.
#include <memory>
#include <string>

#include "mynah/runtime/inference_session.h"

namespace mynah::runtime {

std::unique_ptr<InferenceSession> loadModelPackage(const std::string& path);

// Reads only the metadata of a package (still opens the archive). Throws ModelError.
ModelMetadata readModelMetadata(const std::string& path);

}  // namespace mynah::runtime
