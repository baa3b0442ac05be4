//! Explanations: each repair carries the margin by which it beat its bar,
//! in nats, where a judge weighed it, and none where a rule made it.

use mojifix::{Fixer, Margin, Step};

#[test]
fn a_repaired_run_carries_a_positive_margin() {
    let e = mojifix::explain_str("un café au lait, cafÃ© au lait\n");
    assert_eq!(e.text, "un café au lait, café au lait\n");
    let [c] = e.changes.as_slice() else {
        panic!("{:?}", e.changes)
    };
    assert_eq!(
        c.steps,
        [Step::Reversed {
            codepage: mojifix::Codepage::Windows1252
        }]
    );
    let m = c.margin.expect("the span judge weighed it");
    assert!(m.nats() > 0.0, "{m}");
    assert!(c.to_string().ends_with(&format!("; margin {m})")), "{c}");
}

#[test]
fn a_line_read_as_a_whole_carries_a_positive_margin() {
    // windows-1251 text shown as windows-1252: the line decoder's repair.
    let e = mojifix::explain_str("Ïðèâåò, êàê äåëà ñåãîäíÿ?\n");
    assert_eq!(e.text, "Привет, как дела сегодня?\n");
    let [c] = e.changes.as_slice() else {
        panic!("{:?}", e.changes)
    };
    assert!(matches!(c.steps[..], [Step::Reread { .. }]), "{c}");
    assert!(c.margin.expect("the line decoder weighed it").nats() > 0.0);
}

/// A line of dense mojibake, which a fast path repairs without weighing,
/// is judged too when explained: each run has its margin.
#[test]
fn dense_mojibake_carries_margins() {
    let s = "RÃ©sumÃ© du cafÃ© et de la crÃ¨me brÃ»lÃ©e\n";
    let e = mojifix::explain_str(s);
    assert_eq!(e.text, "Résumé du café et de la crème brûlée\n");
    assert_eq!(e.changes.len(), 6, "{:?}", e.changes);
    for c in &e.changes {
        assert!(c.margin.expect("judged").nats() > 0.0, "{c}");
    }
}

#[test]
fn changes_made_by_rule_carry_no_margin() {
    // NFC, a lone C1 control: no model weighed them.
    for (input, want) in [
        ("cafe\u{301}\n", "caf\u{e9}\n"),
        ("don\u{92}t\n", "don’t\n"),
    ] {
        let e = mojifix::explain_str(input);
        assert_eq!(e.text, want);
        assert!(!e.changes.is_empty());
        assert!(
            e.changes.iter().all(|c| c.margin.is_none()),
            "{:?}",
            e.changes
        );
    }
}

/// Explaining changes nothing in the text: with margins or without, the
/// explanation's text is what fixing gives.
#[test]
fn margins_leave_the_text_alone() {
    let f = Fixer::new();
    for s in [
        "cafÃ© au lait\n",
        "RÃ©sumÃ© du cafÃ© crÃ¨me brÃ»lÃ©e Ã  la franÃ§aise\n",
        "Ïðèâåò ìèð\n",
        "naÃƒÂ¯ve\n",
    ] {
        assert_eq!(f.explain_str(s).text, f.fix_str(s));
    }
}

#[test]
fn margins_print_in_tenths_of_a_nat() {
    assert_eq!(Margin::from_nats(12.34).to_string(), "+12.3 nats");
    assert_eq!(Margin::from_nats(0.04).to_string(), "+0.0 nats");
    assert_eq!(Margin::from_nats(-1.25).nats(), -1.3);
    assert_eq!(Margin::from_nats(-1.25).to_string(), "-1.3 nats");
    assert_eq!(Margin::from_nats(f32::NAN), Margin::from_nats(0.0));
    assert!(Margin::from_nats(3.0) > Margin::from_nats(2.9));
}
