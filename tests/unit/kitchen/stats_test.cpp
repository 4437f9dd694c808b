#include "kitchen/stats.hpp"

#include <gtest/gtest.h>

namespace brigade::kitchen {
namespace {

const kitchen_stats kBefore{.pending = 3, .preparing = 2, .ready = 1, .total = 6};

TEST(KitchenStats, NewTicketIsPendingAndOpen) {
  EXPECT_EQ(with_ticket_moved(kBefore, std::nullopt, ticket_status::pending),
            (kitchen_stats{.pending = 4, .preparing = 2, .ready = 1, .total = 7}));
}

TEST(KitchenStats, AcknowledgingChangesNothing) {
  EXPECT_EQ(with_ticket_moved(kBefore, ticket_status::pending, ticket_status::acknowledged), kBefore);
}

TEST(KitchenStats, StartingMovesPendingToPreparing) {
  EXPECT_EQ(with_ticket_moved(kBefore, ticket_status::acknowledged, ticket_status::preparing),
            (kitchen_stats{.pending = 2, .preparing = 3, .ready = 1, .total = 6}));
}

TEST(KitchenStats, CompletingAndCancellingCloseTheTicket) {
  EXPECT_EQ(with_ticket_moved(kBefore, ticket_status::ready, ticket_status::completed),
            (kitchen_stats{.pending = 3, .preparing = 2, .ready = 0, .total = 5}));
  EXPECT_EQ(with_ticket_moved(kBefore, ticket_status::preparing, ticket_status::cancelled),
            (kitchen_stats{.pending = 3, .preparing = 1, .ready = 1, .total = 5}));
}

TEST(KitchenStats, ReopeningAReadyTicketMovesItBackToPreparing) {
  EXPECT_EQ(with_ticket_moved(kBefore, ticket_status::ready, ticket_status::preparing),
            (kitchen_stats{.pending = 3, .preparing = 3, .ready = 0, .total = 6}));
}

}  // namespace
}  // namespace brigade::kitchen
