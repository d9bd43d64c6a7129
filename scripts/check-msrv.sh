#!/usr/bin/env bash
# Checks the minimum Rust version that Cargo.toml states (workspace
# rust-version): builds every library and binary of the workspace with that
# toolchain, installed with rustup when missing, so that a dependency that
# needs a newer Rust (a new crate, a lock-file update) is seen in CI.
# Its own target directory keeps it from invalidating the main build.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^rust-version *= *"\([0-9.]*\)".*/\1/p' Cargo.toml | head -n 1)
if [ -z "$version" ]; then
    echo "check-msrv: no rust-version in Cargo.toml" >&2
    exit 1
fi
if ! rustup run "$version" rustc --version >/dev/null 2>&1; then
    rustup toolchain install "$version" --profile minimal
fi
echo "== Rust $version (the stated minimum): libraries and binaries"
CARGO_TARGET_DIR=target/msrv cargo +"$version" build --locked --workspace --lib --bins
echo "check-msrv: the workspace builds with Rust $version"
