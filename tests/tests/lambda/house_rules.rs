//! The rules of the layout, checked on the manifests: a function crate never depends on
//! another function crate (what they share lives in `shared/services`), the domain does no I/O
//! (no async runtime, no AWS, no HTTP among its dependencies), and the services know nothing
//! of HTTP.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The names of a manifest's `[dependencies]` (not dev- or build-dependencies).
fn dependencies(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap_or_else(|e| panic!("{}: {e}", manifest.display()));
    let mut in_deps = false;
    let mut names = vec![];
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
            continue;
        }
        if in_deps && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['=', '.', ' ']).next().unwrap_or_default();
            names.push(name.to_string());
        }
    }
    names
}

fn function_crates() -> Vec<(String, PathBuf)> {
    let mut crates: Vec<_> = std::fs::read_dir(root().join("functions"))
        .expect("functions/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                p.join("Cargo.toml"),
            )
        })
        .collect();
    crates.sort();
    crates
}

#[test]
fn no_function_crate_depends_on_another_function_crate() {
    let functions = function_crates();
    assert!(functions.len() >= 9, "the function crates are read: {functions:?}");
    let names: Vec<&str> = functions.iter().map(|(n, _)| n.as_str()).collect();
    let mut offences = vec![];
    for (name, manifest) in &functions {
        for dep in dependencies(manifest) {
            if names.contains(&dep.as_str()) {
                offences.push(format!("{name} depends on {dep}"));
            }
        }
    }
    assert!(
        offences.is_empty(),
        "move what they share into shared/services: {offences:?}"
    );
}

#[test]
fn the_domain_depends_on_no_io() {
    let deps = dependencies(&root().join("shared/domain/Cargo.toml"));
    assert!(deps.contains(&"serde".to_string()), "the manifest is read: {deps:?}");
    // utoipa is optional (the `openapi` feature) and only derives schemas; csv parses bytes.
    let pure = [
        "serde",
        "serde_json",
        "thiserror",
        "time",
        "askama",
        "sha2",
        "base64",
        "csv",
        "utoipa",
    ];
    let io: Vec<_> = deps.iter().filter(|d| !pure.contains(&d.as_str())).collect();
    assert!(io.is_empty(), "the domain is pure; these are not known to be: {io:?}");
}

#[test]
fn the_services_know_nothing_of_http() {
    let deps = dependencies(&root().join("shared/services/Cargo.toml"));
    assert!(
        deps.contains(&"ses-store".to_string()),
        "the manifest is read: {deps:?}"
    );
    let http: Vec<_> = deps
        .iter()
        .filter(|d| ["ses-edge", "axum", "lambda_http", "http", "tower"].contains(&d.as_str()))
        .collect();
    assert!(
        http.is_empty(),
        "the edge maps service errors to HTTP, not the services: {http:?}"
    );
}
