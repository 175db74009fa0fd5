//! What the OpenAPI document adds to the operations' own descriptions: the error answers every
//! operation can give, and links from created ids to the operations that take them. The wire
//! shapes themselves are the types the code answers with (the domain's, behind its `openapi`
//! feature, and a few of the functions' own).

/// Completes a document's error answers the same way for every operation, so a route's
/// annotation lists only its own refusals (403 for its role rules, 409 for its state conflicts,
/// 410): errors are `application/problem+json` with the `Problem` schema, and the answers any
/// operation can give by its method, path, parameters and body are listed here — 400 for a
/// malformed query, header or cursor; 401 where a token is needed; 404 for a path that names
/// something; 409 where `If-Match` guards it; 413 and 415 where a body is taken; 422 where a
/// body is taken and on every `POST` (whose `Idempotency-Key` may have been used with another
/// body).
pub fn complete_error_answers(doc: &mut utoipa::openapi::OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        let methods = [
            (&mut item.get, false),
            (&mut item.put, false),
            (&mut item.post, true),
            (&mut item.delete, false),
            (&mut item.patch, false),
        ];
        for (op, is_post) in methods {
            if let Some(op) = op.as_mut() {
                complete_operation(path, op, is_post);
            }
        }
    }
}

/// An error answer: problem+json with the `Problem` schema, described by its slug.
fn problem(what: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    RefOr::T(
        ResponseBuilder::new()
            .description(what)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build(),
    )
}

/// The standard answers of one operation, by its method, path, parameters and body; the
/// answers it already lists are kept, their errors as problem+json.
fn complete_operation(path: &str, op: &mut utoipa::openapi::path::Operation, is_post: bool) {
    use utoipa::openapi::RefOr;
    let secured = op
        .security
        .as_ref()
        .is_none_or(|s| serde_json::to_string(s).is_ok_and(|j| j.contains("bearer")));
    let guarded = op
        .parameters
        .as_ref()
        .is_some_and(|ps| ps.iter().any(|p| p.name == "If-Match"));
    let has_body = op.request_body.is_some();
    let responses = &mut op.responses.responses;
    for (status, answer) in responses.iter_mut() {
        if let (true, RefOr::T(r)) = (status.starts_with('4') || status.starts_with('5'), answer) {
            if let Some(content) = r.content.shift_remove("application/json") {
                r.content.insert("application/problem+json".into(), content);
            }
        }
    }
    let mut add = |status: &str, what: &str| {
        responses.entry(status.into()).or_insert_with(|| problem(what));
    };
    add(
        "400",
        "malformed-request: a body, query parameter, header or cursor that does not parse",
    );
    if secured {
        add("401", "unauthenticated: no, bad or expired token");
    }
    if path.contains('{') {
        add(
            "404",
            "not-found: no such resource, or one the caller may not know exists",
        );
    }
    if guarded {
        add(
            "409",
            "version-conflict: the resource changed since the version in If-Match was read",
        );
    }
    if has_body {
        add("413", "payload-too-large: a body over its limit");
        add("415", "unsupported-media-type: a body without its content type");
    }
    match (is_post, has_body) {
        (true, true) => add(
            "422",
            "validation: fields that are invalid, each named in `errors`; or idempotency-key-reuse: the Idempotency-Key was used with another body",
        ),
        (true, false) => add(
            "422",
            "idempotency-key-reuse: the Idempotency-Key was used with another body",
        ),
        (false, true) => add("422", "validation: fields that are invalid, each named in `errors`"),
        (false, false) => {}
    }
}

/// Adds OpenAPI links from the operations that create something to every operation whose path
/// names it, so that clients (and stateful API testers) can follow a new id: `sources` are
/// `(operationId, status, field)` — the answer's body field holding the new id, which is also
/// the path parameter's name. Other path parameters of a target come from the source's own path.
pub fn link_created_ids(doc: &mut utoipa::openapi::OpenApi, sources: &[(&str, &str, &str)]) {
    use utoipa::openapi::link::LinkBuilder;
    use utoipa::openapi::RefOr;
    let params = |path: &str| -> Vec<String> {
        path.split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .map(str::to_string)
            .collect()
    };
    // Every operation: its id and its path's parameters.
    let mut operations: Vec<(String, Vec<String>)> = vec![];
    let mut source_paths: std::collections::HashMap<String, Vec<String>> = Default::default();
    for (path, item) in doc.paths.paths.iter() {
        for op in [&item.get, &item.put, &item.post, &item.delete, &item.patch]
            .into_iter()
            .flatten()
        {
            if let Some(id) = &op.operation_id {
                operations.push((id.clone(), params(path)));
                source_paths.insert(id.clone(), params(path));
            }
        }
    }
    for item in doc.paths.paths.values_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .flatten()
        {
            let Some(op_id) = op.operation_id.clone() else { continue };
            for (source, status, field) in sources {
                if *source != op_id {
                    continue;
                }
                let Some(RefOr::T(response)) = op.responses.responses.get_mut(*status) else {
                    continue;
                };
                let own = source_paths.get(&op_id).cloned().unwrap_or_default();
                for (target, target_params) in &operations {
                    if !target_params.iter().any(|p| p == field) {
                        continue;
                    }
                    let mut link = LinkBuilder::new().operation_id(target.clone());
                    let mut complete = true;
                    for p in target_params {
                        if p == field {
                            link = link.parameter(p.clone(), format!("$response.body#/{field}"));
                        } else if own.contains(p) {
                            link = link.parameter(p.clone(), format!("$request.path.{p}"));
                        } else {
                            complete = false;
                        }
                    }
                    if complete {
                        response.links.insert(target.clone(), RefOr::T(link.build()));
                    }
                }
            }
        }
    }
}
