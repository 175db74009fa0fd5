//! No input gives a 500: a bounded property-based client sends arbitrary JSON bodies,
//! content types, path ids, query strings and tokens to every directory route of `ses-local`
//! and checks that each answer is a client error or success, as problem+json when an error.

use crate::support;

use proptest::prelude::*;
use serde_json::Value;
use support::Local;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        ".{0,40}".prop_map(Value::String),
        prop::sample::select(vec![
            "TX",
            "+15125550142",
            "a@b.example",
            "",
            " ",
            "900001",
            "\u{0}",
            "<script>"
        ])
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "name",
                    "state",
                    "email",
                    "phone",
                    "primaryContact",
                    "secondaryContact",
                    "nmlsContact",
                    "nmlsComplaintsContact",
                    "x"
                ]),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "TX-DOB".prop_map(String::from),
        "[0-9]{1,12}",
        "[A-Za-z0-9%._~-]{0,20}",
        Just("%FF".to_string()),
        Just("..".to_string())
    ]
}

#[derive(Debug, Clone)]
struct Call {
    method: &'static str,
    path: String,
    query: String,
    content_type: Option<&'static str>,
    body: Option<String>,
    token: usize,
}

fn call() -> impl Strategy<Value = Call> {
    let routes = prop::sample::select(vec![
        ("GET", "/me"),
        ("GET", "/agencies/{}"),
        ("PUT", "/agencies/{}"),
        ("PUT", "/agencies/{}/contacts"),
        ("GET", "/agencies/{}/users"),
        ("GET", "/companies/{}"),
        ("PUT", "/companies/{}"),
        ("GET", "/companies"),
        ("POST", "/companies/{}"),
        ("POST", "/_local/clock"),
        ("POST", "/_local/jobs/{}"),
    ]);
    let body = prop_oneof![json_value().prop_map(|v| v.to_string()), ".{0,60}", Just(String::new())];
    (
        routes,
        segment(),
        "(q|limit|cursor|role)=[A-Za-z0-9%+._-]{0,12}(&(q|limit|cursor|role)=[A-Za-z0-9%._-]{0,12})?",
        prop::option::of(prop::sample::select(vec![
            "application/json",
            "text/plain",
            "application/problem+json",
            "application/json; charset=utf-8",
            "multipart/form-data",
        ])),
        prop::option::of(body),
        0usize..5,
    )
        .prop_map(|((method, path), seg, query, content_type, body, token)| Call {
            method,
            path: path.replace("{}", &seg),
            query,
            content_type,
            body,
            token,
        })
}

fn tokens() -> Vec<String> {
    vec![
        support::csbs_admin(),
        support::agency_user("TX-DOB", &["staff_director", "examiner"], "dir@tx-dob.example"),
        support::company_user("dana.fletcher@acorn-ridge.example"),
        support::token(serde_json::json!({ "sub": "x", "ses_type": "service", "ses_roles": ["lms"] })),
        "garbage".to_string(),
    ]
}

#[test]
fn no_request_gets_a_server_error() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let local = rt.block_on(Local::start(true));
    let tokens = tokens();
    let config = ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(c in call())| {
        let url = format!("{}{}?{}", local.base, c.path, c.query);
        let method = reqwest::Method::from_bytes(c.method.as_bytes()).unwrap();
        let mut request = local.http.request(method, &url).bearer_auth(&tokens[c.token]);
        if let Some(ct) = c.content_type {
            request = request.header("content-type", ct);
        }
        if let Some(body) = c.body.clone() {
            request = request.body(body);
        }
        let response = rt.block_on(request.send());
        // A URL reqwest itself refuses to send is not a server answer.
        if let Ok(response) = response {
            let status = response.status();
            prop_assert!(status.as_u16() < 500, "{c:?} answered {status}");
            if !status.is_success() {
                prop_assert_eq!(response.headers()["content-type"].to_str().unwrap(), "application/problem+json", "{:?}", c);
            }
        }
    });
}
