#pragma once

namespace cdk {

class Construct;
class Stage;

/// The synthesis pipeline, as a table of contents (CDK: private/synthesis.ts). `Stage::synth` runs:
/// 1. invoke_aspects   — every aspect on every construct below the stage;
/// 2. prepare_app      — default synthesizers attached, construct dependencies applied, cross-stack
///                       references turned into exports/imports;
/// 3. validate_tree    — every node's validations; all errors thrown together;
/// 4. synthesize_tree  — nested stages into `assembly-*` directories, each stack through its
///                       synthesizer (template, asset manifest, artifact), tree.json, manifest.json.
void prepare_app(Construct& root);
void validate_tree(Construct& root);

} // namespace cdk
