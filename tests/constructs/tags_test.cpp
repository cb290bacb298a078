#include "constructs/app.hpp"
#include "constructs/aspects.hpp"
#include "constructs/stack.hpp"
#include "constructs/tags.hpp"
#include "tokens/errors.hpp"

#include <gtest/gtest.h>

namespace cdk {
namespace {

class FakeTaggable : public Construct, public ITaggable {
public:
    FakeTaggable(Construct& scope, std::string_view id, std::string type,
                 TagType tag_type = TagType::Standard)
        : Construct(scope, id), type_(std::move(type)), tags_(tag_type) {}
    TagManager& tag_manager() override { return tags_; }
    std::string tagged_resource_type() const override { return type_; }

private:
    std::string type_;
    TagManager tags_;
};

TEST(TagManager, RendersSortedStandardAndMapFormats) {
    TagManager standard(TagType::Standard, {{"b", "2"}, {"a", "1"}});
    EXPECT_EQ(standard.render_tags(), Json::parse(R"([{"Key":"a","Value":"1"},{"Key":"b","Value":"2"}])"));
    TagManager map(TagType::Map, {{"a", "1"}});
    EXPECT_EQ(map.render_tags(), (Json{{"a", "1"}}));
    TagManager asg(TagType::AutoScalingGroup);
    asg.set_tag("k", "v", 0, false);
    EXPECT_EQ(asg.render_tags(), Json::parse(R"([{"Key":"k","Value":"v","PropagateAtLaunch":false}])"));
    EXPECT_TRUE(TagManager(TagType::Standard).render_tags().is_discarded());
}

TEST(TagManager, HigherPriorityWins) {
    TagManager m(TagType::Standard);
    m.set_tag("k", "high", 100);
    m.set_tag("k", "low", 50);
    EXPECT_EQ(m.tag_values().at("k"), "high");
    m.remove_tag("k", 10);
    EXPECT_TRUE(m.has_tags());
    m.remove_tag("k", 200);
    EXPECT_FALSE(m.has_tags());
}

TEST(Tags, ApplyThroughAspectsWithFilters) {
    App app({.outdir = ::testing::TempDir() + "/tags_test"});
    Stack stack(app, "S");
    FakeTaggable bucket(stack, "Bucket", "AWS::S3::Bucket");
    FakeTaggable queue(stack, "Queue", "AWS::SQS::Queue");
    Tags::of(app).add("Team", "platform");
    Tags::of(stack).add("Only", "buckets", {.include_resource_types = {"AWS::S3::Bucket"}});
    Tags::of(queue).remove("Team");
    Aspects::invoke_all(app);
    EXPECT_EQ(bucket.tag_manager().tag_values(),
              (std::map<std::string, std::string>{{"Only", "buckets"}, {"Team", "platform"}}));
    EXPECT_TRUE(queue.tag_manager().tag_values().empty());
    EXPECT_EQ(stack.tags().at("Team"), "platform") << "stack tags go to the manifest";
    EXPECT_THROW(Tags::of(stack).add("", "x"), ValidationError);
}

} // namespace
} // namespace cdk
