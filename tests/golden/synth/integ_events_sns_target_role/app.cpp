// Golden case integ_events_sns_target_role (see ../README.md): the C++ twin of ts/app.ts, aws-cdk's
// aws-events-targets/test/sns/integ.sns-target-role.ts.
#include "constructs/app.hpp"

#include "constructs/stack.hpp"
#include "lib/events/rule.hpp"
#include "lib/events_targets/sns_topic.hpp"
#include "lib/iam/role.hpp"
#include "lib/sns/topic.hpp"

namespace events = cdk::events;
namespace targets = cdk::events_targets;

int main() {
    cdk::App app;
    cdk::Stack stack(app, "sns-target-role");
    cdk::sns::Topic topic(stack, "MyTopic");
    cdk::iam::Role role(stack, "MyRole", {.assumed_by = cdk::iam::ServicePrincipal("events.amazonaws.com")});
    events::Rule event(stack, "MyEventRule",
                       {.event_pattern = events::EventPattern{.detail_type = {"sns-target-role-test"}}});
    event.add_target(std::make_shared<targets::SnsTopic>(topic, targets::SnsTopicProps{.role = &role}));
    app.synth();
    return 0;
}
