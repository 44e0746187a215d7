//! Generators the property tests share.

use proptest::prelude::*;

/// Any text, weighted towards the characters that trip encoders up.
pub(crate) fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9._~-]{0,8}",
        "[ !*'();:@&=+$,/?#%\\[\\]]{0,8}",
        "[a-z +%&=éü☃𝄞]{0,8}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}
