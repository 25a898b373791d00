//! SPEC §9, proof rather than examples: random sites (random attributes, titles, bodies with
//! comments, scripts, raw HTML, links and quotations between documents) built twice with
//! attributes flipped in between, `--out` outside the site. After each build every byte of
//! the output folder and of its parent is scanned for every marker that must not be
//! published (`support::leak`). A build SPEC §9 requires to stop must stop, and then leave
//! the output as it was.
//!
//! `LEAK_CASES` sets the number of sites (default 200) and `LEAK_SEED` the first seed; a
//! failure names the seed that replays it. `GONGKAI_BIN` points the harness at another
//! binary.

mod support;

use std::path::Path;
use std::process::Command;
use support::leak::{self, Rng, Site};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn build(root: &Path, out: &Path) -> (i32, String) {
    // `GONGKAI_BIN` runs the harness against another build (an older release, say).
    let bin = std::env::var("GONGKAI_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_gongkai").into());
    let run = Command::new(bin)
        .arg("--root")
        .arg(root)
        .args(["--today", support::TODAY, "build", "--out"])
        .arg(out)
        .output()
        .expect("run gongkai");
    (
        run.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr),
    )
}

#[test]
fn random_sites_built_twice_publish_no_secret_anywhere() {
    let cases = env_number("LEAK_CASES", 200);
    let first = env_number("LEAK_SEED", 0x5eed_0000);
    let (mut built, mut stopped) = (0, 0);
    for seed in first..first + cases {
        let mut rng = Rng::new(seed);
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        let www = tmp.path().join("www");
        let out = www.join("xxgk");
        let mut site = Site::random(&mut rng);
        let mut last_good = None;
        for round in 0..2 {
            if round == 1 {
                site.flip(&mut rng);
            }
            site.write(&root);
            let (status, log) = build(&root, &out);
            let context = format!("seed {seed} round {round}: {site:#?}\n{log}");
            if status == 0 {
                built += 1;
                assert!(!site.must_fail(), "should have stopped: {context}");
                let leaks = leak::scan(&www, &site.never());
                assert!(leaks.is_empty(), "leaked {leaks:?}: {context}");
                last_good = Some(support::tree(&out));
            } else {
                stopped += 1;
                assert_eq!(status, 1, "{context}");
                assert!(site.must_fail(), "stopped without cause: {context}");
                match &last_good {
                    Some(tree) => assert_eq!(&support::tree(&out), tree, "{context}"),
                    None => assert!(!out.exists(), "{context}"),
                }
            }
            let expected: Vec<String> = if out.exists() {
                vec!["xxgk".into()]
            } else {
                vec![]
            };
            assert_eq!(names(&www), expected, "only --out beside it: {context}");
        }
    }
    // The generator reaches both outcomes, so neither half of the property is vacuous.
    assert!(
        built > cases / 2 && stopped > cases / 20,
        "built {built}, stopped {stopped}"
    );
}
