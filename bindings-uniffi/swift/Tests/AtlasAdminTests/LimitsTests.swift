import XCTest
@testable import AtlasAdmin

/// Atlas's limits on the core's mock Atlas and its clock: token buckets, and service-account
/// tokens shared (`exportToken`, `TokenCache`) instead of minted per client. The Kotlin suite
/// (LimitsTest.kt) has the same cases.
final class LimitsTests: XCTestCase {
    private let params = #"{"groupId":"32b6e34b3d91647abb20e7b8"}"#

    private func account() -> Credentials {
        Credentials.serviceAccount(clientId: "mdb_sa_id", clientSecret: "sa-secret")
    }

    private func oauthMock() -> MockTransport {
        let mock = MockTransport()
        mock.atlas.requireOauth(clientId: "mdb_sa_id", clientSecret: "sa-secret", lifetimeSeconds: 3600)
        return mock
    }

    private func config(attempts: Int) -> ClientConfig {
        ClientConfig(retry: RetryOptions(maxAttempts: attempts))
    }

    func testFiftyCallsToABucketOfTenMeetOne429ThenWaitForEachRefill() async throws {
        for headers in [true, false] {
            let mock = MockTransport()
            mock.atlas.tokenBucket(endpointSet: "api/atlas/v2/groups", capacity: 10, refillRate: 5,
                                   refillEverySeconds: 60, headers: headers)
            let client = try AtlasClient(credentials: Credentials.none(), transport: mock)
            for _ in 0..<50 { _ = try await client.call(operationId: "getProject", paramsJson: params) }
            let statuses = mock.atlas.statuses()
            XCTAssertEqual(statuses.count, 51)
            XCTAssertEqual(statuses.indices.filter { statuses[$0] == 429 }, [10], "headers: \(headers)")
            XCTAssertEqual(mock.atlas.waits(), Array(repeating: 60_000, count: 8), "headers: \(headers)")
        }
    }

    func testATokenBucket429GivenUpOnCarriesTheBucket() async throws {
        let mock = MockTransport()
        mock.atlas.tokenBucket(endpointSet: "api/atlas/v2/groups", capacity: 1, refillRate: 1,
                               refillEverySeconds: 45, headers: false)
        _ = try await AtlasClient(credentials: Credentials.none(), transport: mock)
            .call(operationId: "getProject", paramsJson: params)
        let once = try AtlasClient(config: config(attempts: 1), credentials: Credentials.none(), transport: mock)
        do {
            _ = try await once.call(operationId: "getProject", paramsJson: params)
            XCTFail("no error")
        } catch let error as AtlasError {
            XCTAssertEqual(error.info?.className, "RateLimited")
            XCTAssertEqual(error.info?.retryAfter, 45)
            let bucket = try XCTUnwrap(error.info?.rateLimit)
            XCTAssertEqual(bucket.path, "api/atlas/v2/groups")
            XCTAssertEqual([bucket.retryAfterSeconds, bucket.capacity, bucket.refillRate, bucket.refillDurationSeconds],
                           [45, 1, 1, 45])
        }
    }

    func testAHundredCallsOverTwoClientsSharingAFileCacheMintOneToken() async throws {
        let mock = oauthMock()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            .appendingPathComponent("tokens")
        defer { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
        let first = try AtlasClient(credentials: account(), transport: mock, tokenCache: FileTokenCache(directory: dir))
        for _ in 0..<50 { _ = try await first.call(operationId: "listProjects") }
        let second = try AtlasClient(credentials: account(), transport: mock, tokenCache: FileTokenCache(directory: dir))
        for _ in 0..<50 { _ = try await second.call(operationId: "listProjects") }
        XCTAssertEqual(mock.atlas.tokensMinted(), 1)
        XCTAssertEqual(mock.atlas.received().count, 101)
        let key = try XCTUnwrap(first.tokenCacheKey)
        XCTAssertEqual(key, second.tokenCacheKey)
        XCTAssertTrue(key.hasPrefix("atlas-token-") && key.count == 44)
        let file = dir.appendingPathComponent("\(key).json")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["\(key).json"])
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        let dirMode = try FileManager.default.attributesOfItem(atPath: dir.path)[.posixPermissions] as? Int
        XCTAssertEqual(dirMode, 0o700)
    }

    func testATokenEndpointLimitingMintingSaysToShareTokens() async throws {
        let mock = oauthMock()
        mock.atlas.limitTokenMinting(perMinute: 1)
        _ = try await AtlasClient(credentials: account(), transport: mock).call(operationId: "listProjects")
        let impatient = try AtlasClient(config: config(attempts: 2), credentials: account(), transport: mock)
        do {
            _ = try await impatient.call(operationId: "listProjects")
            XCTFail("no error")
        } catch let error as AtlasError {
            XCTAssertEqual(error.info?.className, "AuthError")
            XCTAssertTrue(error.info?.message.contains("share one token between processes") ?? false)
        }
        XCTAssertEqual(mock.atlas.tokensMinted(), 1)
    }

    func testATokenGoesOutAndComesBackForTheSameAccountOnly() async throws {
        let mock = oauthMock()
        let first = try AtlasClient(credentials: account(), transport: mock)
        XCTAssertNil(first.exportToken())
        _ = try await first.call(operationId: "listProjects")
        let saved = try XCTUnwrap(first.exportToken())
        let second = try AtlasClient(credentials: account(), transport: mock)
        XCTAssertTrue(try second.importToken(json: saved))
        _ = try await second.call(operationId: "listProjects")
        XCTAssertEqual(mock.atlas.tokensMinted(), 1)
        let other = try AtlasClient(credentials: Credentials.serviceAccount(clientId: "other", clientSecret: "s"),
                                    transport: mock)
        XCTAssertFalse(try other.importToken(json: saved))
        let keys = try AtlasClient(credentials: Credentials.apiKey(publicKey: "p", privateKey: "k"), transport: mock)
        XCTAssertNil(keys.tokenCacheKey)
        XCTAssertThrowsError(try second.importToken(json: #"{"accessToken":"tok-never-shown"}"#))
    }
}
