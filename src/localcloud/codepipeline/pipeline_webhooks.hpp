#pragma once

#include "core/json.hpp"
#include "core/result.hpp"
#include "localcloud/codepipeline/codepipeline_backend.hpp"
#include "localcloud/server/cloud_context.hpp"

#include <optional>
#include <string>

/// CodePipeline webhooks (store kind `codepipeline:webhook`, scope account/region, by name): the record a
/// GitHub source's `AWS::CodePipeline::Webhook` registers with its pipeline. GitHub is the linked repository
/// here, so nothing calls the webhook's URL: the repository watcher, which sees every new head of a watched
/// branch once, asks `matching_webhook` whether a webhook of the pipeline's source action admits the push
/// (its filters against the push event GitHub would send) and names it as the execution's trigger. One commit
/// starts one execution.
namespace cdk::localcloud::codepipeline::webhooks {

inline constexpr const char* kWebhookKind = "codepipeline:webhook";

[[nodiscard]] std::string webhook_arn(const std::string& region, const std::string& account,
                                      const std::string& name);

/// PutWebhook: `definition` as the API's WebhookDefinition (name, targetPipeline, targetAction, filters,
/// authentication, authenticationConfiguration), authorized as `codepipeline:PutWebhook` on the webhook's
/// ARN; the target pipeline must exist in the caller's account and region and `targetAction` be one of its
/// source actions. Returns the stored ListWebhookItem (definition, url, arn, lastTriggered...). Replaces a
/// webhook of the same name. `tags` (the API's TagList) replace the webhook's tags when given.
[[nodiscard]] Result<Json> put_webhook(CloudContext& cloud, const PipelineCall& call, const Json& definition,
                                       const Json& tags = Json());

/// DeleteWebhook by name (`codepipeline:DeleteWebhook`); a webhook that is not there is success.
[[nodiscard]] Result<void> delete_webhook(CloudContext& cloud, const PipelineCall& call,
                                          const std::string& name);

/// ListWebhooks (`codepipeline:ListWebhooks` on `*`): the caller's webhooks in its region by name,
/// `MaxResults` (1..100) at a time with `NextToken`; each item redacted (`redacted`).
[[nodiscard]] Result<Json> list_webhooks(CloudContext& cloud, const PipelineCall& call, const Json& input);

/// Register/DeregisterWebhookWithThirdParty (`codepipeline:<Action>` on the webhook's ARN): there is no
/// GitHub to call (the linked repository's watcher delivers the pushes), so this records `registered` on the
/// webhook. WebhookNotFoundException when there is no webhook of that name.
[[nodiscard]] Result<void> set_registered(CloudContext& cloud, const PipelineCall& call,
                                          const std::string& name, bool registered);

/// A stored webhook as the API answers it (ListWebhookItem): `SecretToken` shown as `****`, as CodePipeline
/// does.
[[nodiscard]] Json redacted(const Json& record);

/// The push event GitHub sends for `commit` on `branch` of `repo` (OWNER/REPO), as far as filters read it.
[[nodiscard]] Json push_event(const std::string& repo, const std::string& branch, const std::string& commit);

/// Whether a filter list admits `event`: every filter's JsonPath (`$.a.b`, `$['a']`) must select a value
/// equal to MatchEquals, whose `{Key}` placeholders are the target action's configuration values.
[[nodiscard]] bool filters_match(const Json& filters, const Json& event, const Json& action_configuration);

/// The webhook of pipeline `pipeline`'s source action `action` whose filters admit `event`, if any (the first
/// by name); records its lastTriggered.
[[nodiscard]] std::optional<Json> matching_webhook(CloudContext& cloud, const std::string& account,
                                                   const std::string& region, const std::string& pipeline,
                                                   const std::string& action,
                                                   const Json& action_configuration, const Json& event);

} // namespace cdk::localcloud::codepipeline::webhooks
