//! The built files a page links to: the stylesheet, and for pages with
//! islands the JavaScript glue and the WebAssembly.
//!
//! The build names each file after a hash of its contents
//! (`carerspace.<hash>.css`; `hash-files` in the workspace's leptos
//! settings), so browsers may keep them for good and a new build is fetched
//! under a new name. The names are found once, when the server starts, by
//! looking in the site's `pkg` folder.

/// The files of one build, as paths from the site's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assets {
    /// The stylesheet.
    pub css: String,
    /// The JavaScript that loads the WebAssembly.
    pub js: String,
    /// The WebAssembly with every island.
    pub wasm: String,
}

impl Assets {
    /// The newest build of `output_name` in `site_root/pkg_dir`: a hashed
    /// name where the build left one, else the plain name (a build without
    /// hashing, or none yet).
    pub fn find(site_root: &str, pkg_dir: &str, output_name: &str) -> Assets {
        let dir = std::path::Path::new(site_root).join(pkg_dir);
        let mut files: Vec<(std::time::SystemTime, String)> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| {
                let modified = entry.metadata().and_then(|m| m.modified()).ok()?;
                Some((modified, entry.file_name().into_string().ok()?))
            })
            .collect();
        // Newest first, so a leftover from an older build never wins.
        files.sort_by_key(|file| std::cmp::Reverse(file.0));
        let pick = |ext: &str, plain: &str| {
            let name = files
                .iter()
                .map(|(_, name)| name.as_str())
                .find(|name| name.strip_suffix(ext).and_then(|n| n.strip_suffix('.')).is_some_and(|stem| is_build_of(stem, output_name)))
                .unwrap_or(plain);
            format!("/{pkg_dir}/{name}")
        };
        Assets {
            css: pick("css", &format!("{output_name}.css")),
            js: pick("js", &format!("{output_name}.js")),
            wasm: pick("wasm", &format!("{output_name}.wasm")),
        }
    }
}

/// `stem` is `output_name`, or `output_name` with a hash or the
/// WebAssembly's `_bg` after it.
fn is_build_of(stem: &str, output_name: &str) -> bool {
    match stem.strip_prefix(output_name) {
        Some("" | "_bg") => true,
        Some(rest) => rest.strip_prefix('.').and_then(fingerprint).is_some(),
        None => false,
    }
}

/// The hash the build puts in a file's name: the MD5 of its contents in
/// URL-safe base64 (22 characters). A file named with one never changes.
fn fingerprint(part: &str) -> Option<&str> {
    (part.len() == 22 && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')).then_some(part)
}

/// True for a file under `/pkg/` whose name carries its contents' hash
/// (`carerspace.<hash>.wasm`, with or without `.br`/`.gz` after): its
/// contents never change, so browsers may keep it for good.
pub fn is_fingerprinted(file_name: &str) -> bool {
    file_name.split('.').any(|part| fingerprint(part).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_build_is_found_and_an_older_one_left_behind_is_not() {
        let dir = std::env::temp_dir().join(format!("carerspace-assets-{}", std::process::id()));
        let pkg = dir.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        for name in ["carerspace.AAAAAAAAAAAAAAAAAAAAAA.css", "other.BBBBBBBBBBBBBBBBBBBBBB.css", "carerspace.notahash.js"] {
            std::fs::write(pkg.join(name), "old").unwrap();
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        for name in
            ["carerspace.Zm9vYmFyYmF6cXV4LV9hYg.css", "carerspace.Zm9vYmFyYmF6cXV4LV9hYg.js", "carerspace.Zm9vYmFyYmF6cXV4LV9hYg.wasm"]
        {
            std::fs::write(pkg.join(name), "new").unwrap();
        }
        let found = Assets::find(dir.to_str().unwrap(), "pkg", "carerspace");
        assert_eq!(found.css, "/pkg/carerspace.Zm9vYmFyYmF6cXV4LV9hYg.css");
        assert_eq!(found.js, "/pkg/carerspace.Zm9vYmFyYmF6cXV4LV9hYg.js");
        assert_eq!(found.wasm, "/pkg/carerspace.Zm9vYmFyYmF6cXV4LV9hYg.wasm");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn without_a_build_the_plain_names_are_used() {
        let found = Assets::find("/nowhere/at/all", "pkg", "carerspace");
        assert_eq!(
            found,
            Assets { css: "/pkg/carerspace.css".into(), js: "/pkg/carerspace.js".into(), wasm: "/pkg/carerspace.wasm".into() }
        );
    }

    #[test]
    fn only_hashed_names_may_be_kept_for_good() {
        assert!(is_fingerprinted("carerspace.Zm9vYmFyYmF6cXV4LV9hYg.wasm"));
        assert!(is_fingerprinted("carerspace.Zm9vYmFyYmF6cXV4LV9hYg.wasm.br"));
        assert!(!is_fingerprinted("carerspace.wasm"));
        assert!(!is_fingerprinted("carerspace_bg.wasm.br"));
        assert!(!is_fingerprinted("favicon.svg"));
    }
}
