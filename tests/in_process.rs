//! The library runs a scan in process (`winparity::cli::scan`), with the settings the command
//! line would resolve: the same report the binary prints.

mod common;

use winparity::cli::{Input, Settings, scan};

fn json(r: &winparity::model::Report) -> String {
    let mut out = Vec::new();
    r.write_json(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// A scan in process gives the bytes `winparity scan --format json` prints, but the title the
/// command adds (the module's name).
#[test]
fn a_scan_in_process_is_the_binarys_report() {
    let root = common::root();
    let tree = root.join("fixtures/dockerlike");
    for flags in [
        &[][..],
        &["--platforms", "linux,windows,darwin", "--target", "darwin"][..],
    ] {
        let settings = Settings::from_args(flags.iter().copied(), &tree).unwrap();
        let mut report = scan(&Input::Dir(tree.clone()), &settings).unwrap();
        assert_eq!(report.source.name, None);
        report.source.name = Some("example.com/dockerlike".to_string());
        let mut args = vec!["scan", tree.to_str().unwrap(), "--format", "json"];
        args.extend_from_slice(flags);
        let o = common::winparity().current_dir(root).args(&args).output();
        assert_eq!(o.status.code(), Some(0));
        let printed = String::from_utf8(o.stdout).unwrap();
        let ours = json(&report);
        if ours != printed {
            let at = ours
                .bytes()
                .zip(printed.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(ours.len().min(printed.len()));
            panic!(
                "{flags:?}: in process and printed differ at byte {at}: {:?} vs {:?}",
                &ours[at.saturating_sub(40)..(at + 40).min(ours.len())],
                &printed[at.saturating_sub(40)..(at + 40).min(printed.len())]
            );
        }
    }
    // Bad flags are an error, not an exit.
    let e = Settings::from_args(["--platforms", "plan10"], &tree)
        .err()
        .unwrap();
    assert!(e.to_string().contains("plan10"), "{e}");
}
