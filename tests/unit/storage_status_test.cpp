#include "console/storage_status.hpp"

#include <gtest/gtest.h>

namespace zc {
namespace {

constexpr std::int64_t kNow = 1'700'000'000;

TEST(StorageStatus, MemoryUntilTheShellSaysOtherwise) {
  StorageStatus storage;
  EXPECT_EQ(storage.mode(), "memory");
  EXPECT_EQ(storage.warning(), "");
  storage.set("indexeddb", "");
  EXPECT_EQ(storage.mode(), "indexeddb");
  storage.set("memory", "Private window: nothing is kept.");
  EXPECT_EQ(storage.warning(), "Private window: nothing is kept.");
}

TEST(StorageStatus, AFailedWriteIsShownAndLogged) {
  StorageStatus storage;
  Outbox out;
  storage.failed("put tokens", out);
  const std::string expected =
      "Saving failed: put tokens. Your changes are kept in this tab only; export them before closing it.";
  EXPECT_EQ(storage.warning(), expected);
  ASSERT_EQ(out.log().size(), 1u);
  EXPECT_EQ(out.log()[0].at, 0);
  EXPECT_EQ(out.log()[0].kind, "error");
  EXPECT_EQ(out.log()[0].text, expected);
}

TEST(StorageStatus, QuarantinedRecordsAreEachLoggedAndNamedTogether) {
  StorageStatus storage;
  Outbox out;
  storage.quarantined(nlohmann::json::array(), kNow, out);
  storage.quarantined(nlohmann::json::object(), kNow, out);
  EXPECT_TRUE(out.log().empty()) << "nothing set aside, nothing to say";
  EXPECT_EQ(storage.warning(), "");
  const std::string key60(60, 'k');
  const std::string key61 = key60 + "x";
  storage.quarantined(nlohmann::json::array({{{"store", "tokens"}, {"key", "p-1/\x01"}, {"reason", "bad tag"}},
                                             {{"store", "profiles"}, {"key", key60}, {"reason", 5}},
                                             {{"store", "profiles"}, {"key", key61}, {"reason", "x"}}}),
                      kNow, out);
  ASSERT_EQ(out.log().size(), 3u);
  EXPECT_EQ(out.log()[0].text,
            "A stored record could not be read and was set aside (quarantine): tokens 'p-1/?': bad tag");
  EXPECT_EQ(out.log()[1].text,
            "A stored record could not be read and was set aside (quarantine): profiles '" + key60 + "': ")
      << "a key of 60 bytes is shown whole, a reason that is no text as nothing";
  EXPECT_EQ(out.log()[2].text,
            "A stored record could not be read and was set aside (quarantine): profiles '" + key60 + "...': x")
      << "a longer key is cut at 60 bytes";
  EXPECT_EQ(storage.warning(), "3 stored record(s) could not be read and were set aside: tokens 'p-1/?', profiles '" +
                                   key60 + "', profiles '" + key60 +
                                   "...'. Everything else loaded; authorize again for a token set that was set aside.");
}

}  // namespace
}  // namespace zc
