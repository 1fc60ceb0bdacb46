// The op types of the format: visitor and contact activity, and sales and lifecycle actions.
// Types the engine does not know are kept and named by ids from kKnownOpTypes on.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace tandem {

enum class OpType : std::uint16_t {
  // activity
  PageView,
  CtaClick,
  SocialEngagement,
  ContentDownload,
  FormSubmit,
  WebinarAttend,
  EmailSent,
  EmailOpen,
  EmailClick,
  EmailBounce,
  Unsubscribe,
  DemoRequest,
  MeetingBooked,
  // identity
  Identify,
  Merge,
  Erase,
  // sales and lifecycle
  Touch,
  Accept,
  Reject,
  Review,
  Qualify,
  Disqualify,
  NotReady,
  DealWon,
  DealLost,
  SetOwner,
  SetStage,
  Consent,
  // lists and the outbox
  ListAdd,
  ListRemove,
  OutboxSent,
};

inline constexpr std::array<std::string_view, 31> kOpTypeNames = {"page_view",
                                                                  "cta_click",
                                                                  "social_engagement",
                                                                  "content_download",
                                                                  "form_submit",
                                                                  "webinar_attend",
                                                                  "email_sent",
                                                                  "email_open",
                                                                  "email_click",
                                                                  "email_bounce",
                                                                  "unsubscribe",
                                                                  "demo_request",
                                                                  "meeting_booked",
                                                                  "identify",
                                                                  "merge",
                                                                  "erase",
                                                                  "touch",
                                                                  "accept",
                                                                  "reject",
                                                                  "review",
                                                                  "qualify",
                                                                  "disqualify",
                                                                  "not_ready",
                                                                  "deal_won",
                                                                  "deal_lost",
                                                                  "set_owner",
                                                                  "set_stage",
                                                                  "consent",
                                                                  "list_add",
                                                                  "list_remove",
                                                                  "outbox_sent"};

inline constexpr std::uint16_t kKnownOpTypes = kOpTypeNames.size();

inline constexpr bool is_activity(std::uint16_t type) {
  return type <= static_cast<std::uint16_t>(OpType::MeetingBooked);
}

}  // namespace tandem
