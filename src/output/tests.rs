use super::*;

#[test]
fn refuses_dangerous_out_dirs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content/a")).unwrap();
    assert!(check_out_dir(Path::new("/"), &root).is_err());
    assert!(check_out_dir(&root, &root).is_err());
    assert!(check_out_dir(dir.path(), &root).is_err());
    assert!(check_out_dir(&root.join("content"), &root).is_err());
    assert!(check_out_dir(&root.join("content/a/out"), &root).is_err());
    assert!(check_out_dir(&root.join("content/../content"), &root).is_err());
    assert!(check_out_dir(&root.join("public"), &root).is_ok());
    std::fs::create_dir_all(root.join("mine")).unwrap();
    std::fs::write(root.join("mine/notes.txt"), "x").unwrap();
    assert!(
        check_out_dir(&root.join("mine"), &root)
            .unwrap_err()
            .contains("not made by gongkai")
    );
}

#[test]
fn a_path_written_twice_is_replaced_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    std::fs::write(&a, "first").unwrap();
    std::fs::write(&b, "second").unwrap();
    let mut staging = Staging::create(&out).unwrap();
    let next = staging.dir.clone();
    for job in [
        Job::Link("assets/x.png".into(), a.clone()),
        Job::Link("assets/x.png".into(), b.clone()),
        Job::Link("assets/y.png".into(), a.clone()),
        Job::Write("assets/y.png".into(), b"third".to_vec()),
    ] {
        staging.send(job).unwrap();
    }
    assert!(staging.flush().is_empty());
    assert_eq!(std::fs::read(next.join("assets/x.png")).unwrap(), b"second");
    assert_eq!(std::fs::read(next.join("assets/y.png")).unwrap(), b"third");
    // The files linked from are as they were.
    assert_eq!(std::fs::read(&a).unwrap(), b"first");
    assert_eq!(std::fs::read(&b).unwrap(), b"second");
    // The spool beside the staging folder goes with it.
    let spool = staging.spool.dir().to_path_buf();
    assert!(spool.is_dir());
    drop(staging);
    assert!(!spool.exists() && !next.exists());
}

#[test]
fn a_marker_that_cannot_be_read_refuses_the_swap() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    std::fs::create_dir_all(out.join(MARKER)).unwrap();
    std::fs::write(out.join("keep.html"), "someone's").unwrap();
    let found = strangers(&out);
    assert!(
        found.first().is_some_and(|f| f.contains(MARKER)),
        "{found:?}"
    );
    assert!(refuse_strangers(&out).is_err());
}
