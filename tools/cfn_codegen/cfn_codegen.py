#!/usr/bin/env python3
"""Generates cdkpp's L1 classes (one C++ module per CloudFormation service namespace) from the
CloudFormation resource schemas bundled with cfn-lint (cfnlint/data/schemas).

    cfn_codegen.py --list                      prints "namespace;folder" per service, one a line
    cfn_codegen.py --service s3 --out DIR      writes DIR/lib/s3/generated/cfn_s3.{hpp,cpp}
    cfn_codegen.py --all --out DIR             writes every service (for inspection)
    cfn_codegen.py --coverage                  prints the number of types per service

Every resource type in the source is generated; a property whose schema cannot be expressed as a C++
type becomes `Prop<Json>` (never dropped). See docs/l1-generation.md for the decisions.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
from dataclasses import dataclass, field

GENERATOR_VERSION = "1"

CPP_KEYWORDS = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
    "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr",
    "constinit", "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete",
    "do", "double", "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for",
    "friend", "goto", "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
    "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register", "reinterpret_cast",
    "requires", "return", "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct",
    "switch", "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
    "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    # names that would shadow members of the generated classes or common macros
    "props", "errno", "assert", "stdin", "stdout", "stderr", "unix", "linux",
}


# ---------------------------------------------------------------------------------------------------------
# Source: cfn-lint's schema store
# ---------------------------------------------------------------------------------------------------------

def schema_source():
    """The schema folder of the installed cfn-lint and its version, found without importing cfnlint
    (its import takes seconds)."""
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cfn_codegen: cfn-lint is not installed (it carries the CloudFormation schemas)")
    base = os.path.join(list(spec.submodule_search_locations)[0], "data", "schemas")
    from importlib.metadata import version as dist_version  # noqa: PLC0415
    return base, dist_version("cfn-lint")


def load_type_index(base: str) -> dict[str, str]:
    """type name -> schema file hash. us-east-1's schema wins; types only found in other regions use the
    first region (sorted) that has them, so the set is the union over every region. The provider files
    are plain `types = {...}` literals, read without importing them."""
    folder = os.path.join(base, "providers")
    regions = sorted(f[:-3] for f in os.listdir(folder) if f.endswith(".py") and f != "__init__.py")
    ordered = ["us_east_1"] + [r for r in regions if r != "us_east_1"]
    index: dict[str, str] = {}
    for region in ordered:
        with open(os.path.join(folder, f"{region}.py"), encoding="utf-8") as fh:
            text = fh.read()
        for type_name, digest in re.findall(r'^\s*"([^"]+)":\s*"([0-9a-f]+)",?\s*$', text, re.M):
            index.setdefault(type_name, digest)
    return {t: h for t, h in index.items() if t.count("::") == 2}


def service_namespace(type_name: str) -> str:
    vendor, service, _ = type_name.split("::")
    ns = service.lower() if vendor == "AWS" else f"{vendor.lower()}_{service.lower()}"
    return re.sub(r"[^a-z0-9_]", "_", ns)


# ---------------------------------------------------------------------------------------------------------
# Naming
# ---------------------------------------------------------------------------------------------------------

def snake(name: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "_", name)
    s = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", s)
    s = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", s)
    s = re.sub(r"_+", "_", s).strip("_").lower()
    if not s:
        s = "value"
    if s[0].isdigit():
        s = "p_" + s
    if s in CPP_KEYWORDS:
        s += "_"
    return s


def pascal(name: str) -> str:
    parts = re.split(r"[^A-Za-z0-9]+", name)
    out = "".join(p[:1].upper() + p[1:] for p in parts if p)
    return out if out and not out[0].isdigit() else "P" + out


def cpp_string(text: str) -> str:
    return json.dumps(text)


def doc_line(text: str | None) -> str:
    if not text:
        return ""
    text = " ".join(str(text).split())
    if len(text) > 200:
        text = text[:197] + "..."
    return text.replace("*/", "* /")


# ---------------------------------------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Field:
    cfn_name: str
    cpp_name: str
    cpp_type: str
    required: bool
    doc: str


@dataclass
class Struct:
    cpp_name: str
    cfn_name: str
    fields: list[Field] = field(default_factory=list)
    deps: set[str] = field(default_factory=set)


@dataclass
class Resource:
    type_name: str
    class_name: str
    doc: str
    fields: list[Field]
    structs: list[Struct]
    attributes: list[tuple[str, str, str]]  # (GetAtt name, cpp getter, kind: string | list | number)
    ref_doc: str


class TypeMapper:
    """Maps one resource schema's JSON-schema types onto C++ types, creating property structs for
    object definitions."""

    def __init__(self, schema: dict, class_name: str):
        self.schema = schema
        self.defs = schema.get("definitions", {}) or {}
        self.class_name = class_name
        self.structs: dict[str, Struct] = {}
        self.shapes: dict[str, str] = {}
        self.in_progress: set[str] = set()

    def def_struct_name(self, def_name: str) -> str:
        return f"{self.class_name}{pascal(def_name)}Property"

    def map(self, node: dict, deps: set[str], hint: str) -> str:
        if not isinstance(node, dict):
            return "Json"
        ref = node.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith("#/definitions/"):
                return "Json"
            def_name = ref[len("#/definitions/"):]
            target = self.defs.get(def_name)
            if target is None:
                return "Json"
            if self.is_struct(target):
                return self.struct_for(def_name, target, deps)
            return self.map(target, deps, def_name)
        alternatives = node.get("oneOf") or node.get("anyOf")
        if isinstance(alternatives, list) and "type" not in node:
            # `oneOf: [<shape>, {format: json}]` means "the shape, or the same as raw JSON": use the shape.
            typed = [a for a in alternatives if isinstance(a, dict) and a.get("format") != "json"]
            if len(typed) == 1:
                return self.map(typed[0], deps, hint)
            return "Json"
        t = node.get("type")
        if isinstance(t, list):
            non_null = [x for x in t if x != "null"]
            if len(non_null) == 1:
                t = non_null[0]
            else:
                return "Json"
        if t == "string":
            return "std::string"
        if t == "integer":
            return "l1::Integer"
        if t == "number":
            return "double"
        if t == "boolean":
            return "bool"
        if t == "array":
            items = node.get("items")
            if isinstance(items, dict):
                inner = self.map(items, deps, hint)
                return f"std::vector<{inner}>"
            return "Json"
        if t == "object" or t is None:
            if self.is_struct(node):
                # An inline object shape: named after where it appears (definition or property name).
                return self.struct_for(hint, node, deps)
            pattern = node.get("patternProperties")
            if isinstance(pattern, dict) and len(pattern) == 1 and not node.get("properties"):
                inner = self.map(next(iter(pattern.values())), deps, hint + "Value")
                return f"std::map<std::string, {inner}>"
            add = node.get("additionalProperties")
            if isinstance(add, dict) and add and not node.get("properties"):
                inner = self.map(add, deps, hint + "Value")
                return f"std::map<std::string, {inner}>"
            return "Json"
        return "Json"

    @staticmethod
    def is_struct(node: dict) -> bool:
        return isinstance(node, dict) and isinstance(node.get("properties"), dict) and bool(node["properties"]) \
            and node.get("type") in (None, "object") and not node.get("oneOf") and not node.get("anyOf")

    def fields_of(self, node: dict, deps: set[str], exclude: set[str] = frozenset()) -> list[Field]:
        required = set(node.get("required", []) or [])
        out: list[Field] = []
        used: set[str] = set()
        for cfn_name, prop in node.get("properties", {}).items():
            if cfn_name in exclude:
                continue
            cpp_name = snake(cfn_name)
            while cpp_name in used:
                cpp_name += "_"
            used.add(cpp_name)
            doc = prop.get("description") if isinstance(prop, dict) else None
            out.append(Field(cfn_name, cpp_name, self.map(prop, deps, cfn_name), cfn_name in required, doc_line(doc)))
        # Alphabetical, so designated initializers (which must follow declaration order) are predictable.
        return sorted(out, key=lambda f: f.cpp_name)

    def struct_for(self, name_hint: str, node: dict, deps: set[str]) -> str:
        """The struct for an object shape, built once per name. A recursive reference, or a second,
        different shape under an already used name, falls back to Json rather than guessing."""
        name = self.def_struct_name(name_hint)
        if name_hint in self.in_progress:
            return "Json"  # recursive shape: no value type can hold itself
        existing = self.structs.get(name)
        if existing is not None:
            if self.shapes.get(name) != json.dumps(node, sort_keys=True):
                return "Json"
            deps.add(name)
            return name
        self.in_progress.add(name_hint)
        inner: set[str] = set()
        fields = self.fields_of(node, inner)
        self.in_progress.discard(name_hint)
        self.structs[name] = Struct(name, name_hint, fields, inner - {name})
        self.shapes[name] = json.dumps(node, sort_keys=True)
        deps.add(name)
        return name

    def ordered_structs(self) -> list[Struct]:
        done: set[str] = set()
        out: list[Struct] = []

        def visit(s: Struct, stack: set[str]):
            if s.cpp_name in done or s.cpp_name in stack:
                return
            stack.add(s.cpp_name)
            for d in sorted(s.deps):
                if d in self.structs:
                    visit(self.structs[d], stack)
            stack.discard(s.cpp_name)
            done.add(s.cpp_name)
            out.append(s)

        for name in sorted(self.structs):
            visit(self.structs[name], set())
        return out


def pointer_to_attr(pointer: str) -> str | None:
    if not pointer.startswith("/properties/"):
        return None
    parts = pointer[len("/properties/"):].split("/")
    if any(p in ("*", "") for p in parts):
        return None
    return ".".join(parts)


def attribute_kind(schema: dict, attr: str) -> str:
    """What `Fn::GetAtt` of the attribute yields, from the schema of the property it names."""
    node: dict = {"properties": schema.get("properties", {})}
    defs = schema.get("definitions", {}) or {}
    for part in attr.split("."):
        props = node.get("properties", {}) if isinstance(node, dict) else {}
        node = props.get(part, {})
        for _ in range(8):  # follow $ref chains
            ref = node.get("$ref") if isinstance(node, dict) else None
            if not (isinstance(ref, str) and ref.startswith("#/definitions/")):
                break
            node = defs.get(ref[len("#/definitions/"):], {})
    t = node.get("type") if isinstance(node, dict) else None
    if t == "array":
        return "list"
    if t in ("integer", "number"):
        return "number"
    return "string"


def build_resource(type_name: str, schema: dict) -> Resource:
    class_name = "Cfn" + pascal(type_name.split("::")[2])
    mapper = TypeMapper(schema, class_name)
    read_only = {p for p in (pointer_to_attr(x) for x in schema.get("readOnlyProperties", []) or []) if p}
    top_read_only = {p for p in read_only if "." not in p}
    # A property that is both read-only and required cannot be set: the schema means it is computed.
    writable = {k for k in schema.get("properties", {}) if k not in top_read_only}
    node = dict(schema)
    node["required"] = [r for r in schema.get("required", []) or [] if r in writable]
    fields = mapper.fields_of(node, set(), exclude=top_read_only)
    attrs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for attr in sorted(read_only):
        getter = "attr_" + snake(attr.replace(".", "_")).rstrip("_")
        if getter in seen:
            continue
        seen.add(getter)
        attrs.append((attr, getter, attribute_kind(schema, attr)))
    ident = schema.get("primaryIdentifier", []) or []
    ref_doc = ", ".join(p.split("/")[-1] for p in ident) or "the physical id"
    return Resource(type_name, class_name, doc_line(schema.get("description")), fields,
                    mapper.ordered_structs(), attrs, ref_doc)


# ---------------------------------------------------------------------------------------------------------
# Emission
# ---------------------------------------------------------------------------------------------------------

def header_banner(source_version: str, namespace: str) -> str:
    return (
        f"// GENERATED by tools/cfn_codegen/cfn_codegen.py (generator v{GENERATOR_VERSION}) from the CloudFormation\n"
        f"// resource schemas bundled with cfn-lint {source_version} (cfnlint/data/schemas). Do not edit.\n"
        f"// Service namespace: {namespace}.\n"
    )


def emit_struct_decl(s: Struct, out: list[str]) -> None:
    out.append(f"/// Property type `{s.cfn_name}`.")
    out.append(f"struct {s.cpp_name} {{")
    for f in s.fields:
        note = " (required)" if f.required else ""
        doc = f" {f.doc}" if f.doc else ""
        out.append(f"    /// `{f.cfn_name}`{note}.{doc}")
        out.append(f"    Prop<{f.cpp_type}> {f.cpp_name};")
    out.append("};")
    out.append(f"[[nodiscard]] Json render(const {s.cpp_name}& value, l1::RenderContext& ctx);")
    out.append("")


def emit_resource_decl(r: Resource, out: list[str]) -> None:
    for s in r.structs:
        emit_struct_decl(s, out)
    out.append(f"/// Props of `{r.class_name}` (`{r.type_name}`).")
    out.append(f"struct {r.class_name}Props {{")
    for f in r.fields:
        note = " (required)" if f.required else ""
        doc = f" {f.doc}" if f.doc else ""
        out.append(f"    /// `{f.cfn_name}`{note}.{doc}")
        out.append(f"    Prop<{f.cpp_type}> {f.cpp_name};")
    out.append("};")
    out.append("")
    out.append(f"/// `{r.type_name}`: {r.doc}" if r.doc else f"/// `{r.type_name}`.")
    out.append(f"/// `ref()` returns {r.ref_doc}.")
    out.append(f"class {r.class_name} : public CfnResource {{")
    out.append("public:")
    out.append(f"    static constexpr const char* kCfnResourceTypeName = {cpp_string(r.type_name)};")
    for s in r.structs:
        short = s.cpp_name[len(r.class_name):]
        out.append(f"    using {short} = {s.cpp_name};")
    out.append("")
    out.append(f"    /// Throws ValidationError (with this construct's path) when a required property is missing.")
    out.append(f"    {r.class_name}(Construct& scope, std::string_view id, {r.class_name}Props props = {{}});")
    out.append("")
    out.append("    /// The typed properties; they may be changed after construction, as in the CDK.")
    out.append(f"    [[nodiscard]] {r.class_name}Props& props() {{ return props_; }}")
    out.append(f"    [[nodiscard]] const {r.class_name}Props& props() const {{ return props_; }}")
    for attr, getter, kind in r.attributes:
        out.append(f"    /// `Fn::GetAtt` `{attr}`.")
        if kind == "list":
            out.append(f"    [[nodiscard]] std::vector<std::string> {getter}() const {{")
            out.append(f"        return Token::as_list(reference_for({cpp_string(attr)}));")
            out.append("    }")
        elif kind == "number":
            out.append(f"    [[nodiscard]] double {getter}() const {{ return Token::as_number(reference_for({cpp_string(attr)})); }}")
        else:
            out.append(f"    [[nodiscard]] std::string {getter}() const {{ return get_att({cpp_string(attr)}); }}")
    out.append("")
    out.append("protected:")
    out.append("    [[nodiscard]] Json cfn_properties() const override;")
    out.append("")
    out.append("private:")
    out.append(f"    {r.class_name}Props props_;")
    out.append("};")
    out.append("")


def emit_fields_render(fields: list[Field], source: str, out: list[str]) -> None:
    for f in fields:
        if f.required:
            out.append(f"    ctx.require({source}{f.cpp_name}.has_value(), {cpp_string(f.cfn_name)});")
        out.append(f"    l1::put(out, {cpp_string(f.cfn_name)}, {source}{f.cpp_name}, ctx);")


def emit_resource_impl(r: Resource, out: list[str]) -> None:
    for s in r.structs:
        out.append(f"Json render(const {s.cpp_name}& value, l1::RenderContext& ctx) {{")
        out.append("    Json out = Json::object();")
        emit_fields_render(s.fields, "value.", out)
        out.append("    return out;")
        out.append("}")
        out.append("")
    out.append(f"{r.class_name}::{r.class_name}(Construct& scope, std::string_view id, {r.class_name}Props props)")
    out.append(f"    : CfnResource(scope, id, {{.type = kCfnResourceTypeName}}), props_(std::move(props)) {{")
    required = [f for f in r.fields if f.required]
    if required:
        out.append("    std::vector<std::string> missing;")
        for f in required:
            out.append(f"    if (!props_.{f.cpp_name}.has_value()) missing.emplace_back({cpp_string(f.cfn_name)});")
        out.append(f"    l1::fail_if_missing(*this, {cpp_string(r.type_name)}, missing);")
    out.append("}")
    out.append("")
    out.append(f"Json {r.class_name}::cfn_properties() const {{")
    out.append("    l1::RenderContext ctx;")
    out.append("    Json out = Json::object();")
    emit_fields_render(r.fields, "props_.", out)
    out.append(f"    l1::fail_if_missing(*this, {cpp_string(r.type_name)}, ctx.missing);")
    out.append("    return out;")
    out.append("}")
    out.append("")


def generate_service(namespace: str, types: list[tuple[str, dict]], source_version: str, out_dir: str) -> list[str]:
    resources = [build_resource(t, s) for t, s in sorted(types)]
    names = [r.class_name for r in resources] + [s.cpp_name for r in resources for s in r.structs]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise SystemExit(f"cfn_codegen: name clash in namespace {namespace}: {sorted(dupes)}")
    folder = os.path.join(out_dir, "lib", namespace, "generated")
    os.makedirs(folder, exist_ok=True)
    hpp: list[str] = [header_banner(source_version, namespace), "#pragma once", "",
                      '#include "cfn/cfn_prop.hpp"', '#include "cfn/cfn_reference.hpp"', '#include "cfn/cfn_resource.hpp"', "",
                      "#include <map>", "#include <string>", "#include <string_view>", "#include <vector>", "",
                      f"namespace cdk::{namespace} {{", ""]
    for r in resources:
        emit_resource_decl(r, hpp)
    hpp.append(f"}} // namespace cdk::{namespace}")
    cpp: list[str] = [header_banner(source_version, namespace),
                      f'#include "lib/{namespace}/generated/cfn_{namespace}.hpp"', "",
                      '#include "cfn/cfn_l1_support.hpp"', "", "#include <utility>", "",
                      f"namespace cdk::{namespace} {{", ""]
    for r in resources:
        emit_resource_impl(r, cpp)
    cpp.append(f"}} // namespace cdk::{namespace}")
    paths = []
    for ext, lines in (("hpp", hpp), ("cpp", cpp)):
        path = os.path.join(folder, f"cfn_{namespace}.{ext}")
        text = "\n".join(lines) + "\n"
        # Only touch the file when it changes, so a regeneration does not force a rebuild.
        old = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if old != text:
            with open(path + ".tmp", "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(path + ".tmp", path)
        paths.append(path)
    return paths


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--coverage", action="store_true")
    ap.add_argument("--service", action="append", default=[])
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()

    base, version = schema_source()
    index = load_type_index(base)
    by_ns: dict[str, list[str]] = {}
    for t in index:
        by_ns.setdefault(service_namespace(t), []).append(t)

    if args.list:
        for ns in sorted(by_ns):
            print(ns)
        return 0
    if args.coverage:
        total = 0
        for ns in sorted(by_ns):
            print(f"{ns}\t{len(by_ns[ns])}")
            total += len(by_ns[ns])
        print(f"total\t{total}\t(cfn-lint {version})")
        return 0
    services = sorted(by_ns) if args.all else args.service
    if not services or not args.out:
        ap.error("give --list, --coverage, or --service NS/--all with --out DIR")
    for ns in services:
        if ns not in by_ns:
            raise SystemExit(f"cfn_codegen: unknown service namespace '{ns}' (see --list)")
        types = []
        for t in by_ns[ns]:
            with open(os.path.join(base, "resources", f"{index[t]}.json"), encoding="utf-8") as fh:
                types.append((t, json.load(fh)))
        generate_service(ns, types, version, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
