//! The .deb an office installs without Rust (issue "An editor's first day", SPEC §4): built
//! by `packaging/deb.sh` from the binary under test, unpacked with dpkg-deb as dpkg would
//! install it, and run from where it lands.

use std::path::Path;
use std::process::Command;

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("the command starts");
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn the_deb_installs_a_binary_that_runs_with_its_manual_and_theme() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let deb = run(Command::new("bash")
        .arg(repo.join("packaging/deb.sh"))
        .arg(env!("CARGO_BIN_EXE_gongkai"))
        .arg(dir.path().join("out")));
    let deb = Path::new(deb.trim());
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        deb.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with(&format!("gongkai_{version}_")),
        "{deb:?}"
    );
    let field = |name: &str| run(Command::new("dpkg-deb").arg("-f").arg(deb).arg(name));
    assert_eq!(field("Package").trim(), "gongkai");
    assert_eq!(field("Version").trim(), version);

    // Unpacked as dpkg installs it, into a scratch root.
    let root = dir.path().join("root");
    run(Command::new("dpkg-deb").arg("-x").arg(deb).arg(&root));
    let installed = root.join("usr/bin/gongkai");
    let shown = run(Command::new(&installed).arg("--version"));
    assert_eq!(shown.trim(), format!("gongkai {version}"));
    // It works from there: a new site, checked.
    let site = dir.path().join("站点");
    run(Command::new(&installed).arg("init").arg(&site));
    assert!(site.join("site.toml").is_file());

    let man = root.join("usr/share/man/man1/gongkai.1.gz");
    let page = run(Command::new("gzip").arg("-dc").arg(&man));
    assert!(page.contains(".TH gongkai 1"), "{page}");
    for command in ["build", "serve", "check", "new", "import", "review"] {
        assert!(page.contains(command), "the manual names `{command}`");
    }
    assert!(!page.contains("manpage") && !page.contains("read-attachment"));
    let theme = root.join("usr/share/gongkai/themes/default");
    for file in [
        "templates/base.html",
        "static/style.css",
        "root/favicon.ico",
    ] {
        assert!(theme.join(file).is_file(), "{file} is shipped");
    }
}
