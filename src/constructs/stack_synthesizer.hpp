#pragma once

#include <string>

namespace cdk {

class Stack;
class SynthesisSession;

/// How a file asset is packaged (CDK: FileAssetPackaging).
enum class FileAssetPackaging { File, ZipDirectory };

/// A file asset to publish (CDK: FileAssetSource).
struct FileAssetSource {
    /// The asset hash (also the asset id).
    std::string source_hash;
    /// Path of the staged file or directory, relative to the assembly directory (or absolute).
    std::string file_name;
    FileAssetPackaging packaging = FileAssetPackaging::File;
    /// Extension kept in the object key (`.txt`); `.zip` is used for directories.
    std::string extension;
    /// For display: the construct path of the asset.
    std::string display_name;
};

/// Where a published file asset can be found (CDK: FileAssetLocation); values may be tokens.
struct FileAssetLocation {
    std::string bucket_name;
    std::string object_key;
    std::string http_url;
    std::string s3_object_url;
};

/// Turns a Stack into artifacts of the cloud assembly (CDK: IStackSynthesizer).
/// Implementations live in src/synth/stack_synthesizers (DefaultStackSynthesizer).
class IStackSynthesizer {
public:
    virtual ~IStackSynthesizer() = default;
    /// Called once, when the synthesizer is attached to its stack (may add parameters and rules).
    virtual void bind(Stack& stack) = 0;
    /// Registers a file asset and returns where the deployed template finds it.
    virtual FileAssetLocation add_file_asset(const FileAssetSource& asset) = 0;
    /// Writes the stack's template, asset manifest and artifact into the session's assembly.
    virtual void synthesize(SynthesisSession& session) = 0;
};

} // namespace cdk
