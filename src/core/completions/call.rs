//! Run filters, then send: a built body through the inlet filters of the
//! pipeline servers, then to the model's provider.

use serde_json::{Map, Value};

use super::target::Target;
use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::pipelines;
use crate::core::providers::{self, Reply};
use crate::error::{Error, Result};

/// Whether a body still goes through the inlet filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Filters {
    Run,
    /// A task's payload: the task ran them already.
    Ran,
}

/// Everything between a built body and the model's answer, in order.
/// Retrieval and tools take their place here, between the filters and
/// the provider, on the filtered body (upstream's order).
pub(super) async fn run_filters_and_send(
    cx: &Ctx,
    actor: &Actor,
    target: &Target,
    body: Map<String, Value>,
    filters: Filters,
    features: Option<&Value>,
) -> Result<Reply> {
    let body = prepare(cx, actor, target, body, filters, features).await?;
    send(cx, target, body).await
}

/// The inlet filters (unless they ran already), then the memories step:
/// the body retrieval and the provider call take.
pub(super) async fn prepare(
    cx: &Ctx,
    actor: &Actor,
    target: &Target,
    body: Map<String, Value>,
    filters: Filters,
    features: Option<&Value>,
) -> Result<Map<String, Value>> {
    let mut body = filter(cx, actor, target, body, filters).await?;
    super::memory::add_context(cx, actor, target, features, &mut body).await?;
    Ok(body)
}

/// The inlet filters, unless they ran already.
pub(super) async fn filter(
    cx: &Ctx,
    actor: &Actor,
    target: &Target,
    body: Map<String, Value>,
    filters: Filters,
) -> Result<Map<String, Value>> {
    match filters {
        Filters::Run => run_filters(cx, actor, target, body).await,
        Filters::Ran => Ok(body),
    }
}

/// The inlet filters of the pipeline servers, which see `model` as the id
/// the client asked for; each filter's answer is the next body.
async fn run_filters(
    cx: &Ctx,
    actor: &Actor,
    target: &Target,
    mut body: Map<String, Value>,
) -> Result<Map<String, Value>> {
    body.insert("model".into(), Value::String(target.id.clone()));
    let mut body = match pipelines::inlet(cx, actor, Value::Object(body)).await? {
        Value::Object(b) => b,
        _ => return Err(Error::invalid("a pipeline filter answered with no body")),
    };
    body.insert("model".into(), Value::String(target.provider_id.clone()));
    Ok(body)
}

/// The model's provider, with a body ready for it.
pub(super) async fn send(cx: &Ctx, target: &Target, body: Map<String, Value>) -> Result<Reply> {
    providers::chat(cx, &target.entry, Value::Object(body)).await
}
