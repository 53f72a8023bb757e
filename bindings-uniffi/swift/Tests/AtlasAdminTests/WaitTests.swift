import XCTest
@testable import AtlasAdmin

/// Waiting for what a call started (`call(..., wait:)`, `wait(...)`) on the core's mock Atlas
/// and its clock: no real time passes. The Kotlin suite (WaitTest.kt) has the same cases.
final class WaitTests: XCTestCase {
    private let group = "32b6e34b3d91647abb20e7b8"
    private let v2024 = [HttpHeader(name: "content-type", value: "application/vnd.atlas.2024-08-05+json")]
    private let plain = [HttpHeader(name: "content-type", value: "application/json")]

    private func cluster(_ state: String) -> String {
        #"{"name":"c1","groupId":"\#(group)","stateName":"\#(state)"}"#
    }

    private func field(_ reply: Reply, _ name: String) -> String? {
        let object = try? JSONSerialization.jsonObject(with: reply.body) as? [String: Any]
        return object?[name] as? String
    }

    private func className(_ error: Error) -> String? {
        (error as? AtlasError)?.info?.className
    }

    func testACreatedClusterIsWaitedForUntilIdleThroughA503AndA429() async throws {
        let mock = MockTransport()
        mock.atlas.respond(operationId: "createCluster", status: 201, headers: v2024, body: cluster("CREATING"))
        mock.atlas.respond(operationId: "getCluster", status: 200, headers: v2024, body: cluster("CREATING"))
        mock.atlas.respond(operationId: "getCluster", status: 503, headers: plain,
                           body: #"{"error":503,"errorCode":"SERVICE_UNAVAILABLE"}"#)
        mock.atlas.respond(operationId: "getCluster", status: 429,
                           headers: plain + [HttpHeader(name: "retry-after", value: "7")],
                           body: #"{"error":429,"errorCode":"RATE_LIMITED"}"#)
        mock.atlas.respond(operationId: "getCluster", status: 200, headers: v2024, body: cluster("IDLE"))
        let client = try AtlasClient(credentials: Credentials.bearer(token: "t"), transport: mock)
        let (reply, _) = try await client.call(
            operationId: "createCluster", paramsJson: #"{"groupId":"\#(group)"}"#, bodyJson: #"{"name":"c1"}"#,
            wait: WaitOptions())
        XCTAssertEqual(field(reply, "stateName"), "IDLE")
        XCTAssertEqual(mock.atlas.received().count, 5)
        let waits = mock.atlas.waits()
        XCTAssertEqual(Array(waits.prefix(2)), [5000, 7500])
        XCTAssertTrue(waits.contains(7000), "\(waits)")
    }

    func testADeleteIsWaitedForUntil404() async throws {
        let mock = MockTransport()
        mock.atlas.respond(operationId: "deleteCluster", status: 202, headers: [], body: "")
        mock.atlas.respond(operationId: "getCluster", status: 200, headers: v2024, body: cluster("DELETING"))
        mock.atlas.respond(operationId: "getCluster", status: 404, headers: plain,
                           body: #"{"error":404,"errorCode":"CLUSTER_NOT_FOUND"}"#)
        let client = try AtlasClient(credentials: Credentials.bearer(token: "t"), transport: mock)
        let (reply, _) = try await client.call(
            operationId: "deleteCluster", paramsJson: #"{"groupId":"\#(group)","clusterName":"c1"}"#,
            wait: WaitOptions(interval: 1))
        XCTAssertEqual(reply.kind, "empty")
        XCTAssertEqual(mock.atlas.waits(), [1000, 1500])
    }

    func testADeadlineThrowsWaitErrorAfterExactlyTheTimeout() async throws {
        let mock = MockTransport()
        for _ in 0..<10 {
            mock.atlas.respond(operationId: "getCluster", status: 200, headers: v2024, body: cluster("UPDATING"))
        }
        let client = try AtlasClient(credentials: Credentials.bearer(token: "t"), transport: mock)
        let start = mock.atlas.nowMillis()
        do {
            _ = try await client.wait(
                operationId: "getCluster", paramsJson: #"{"groupId":"\#(group)","clusterName":"c1"}"#,
                path: "stateName", values: ["IDLE"], options: WaitOptions(timeout: 30))
            XCTFail("no WaitError")
        } catch {
            XCTAssertEqual(className(error), "WaitError")
            XCTAssertTrue((error as? AtlasError)?.info?.message.contains("the last state seen was UPDATING") == true)
        }
        XCTAssertEqual(mock.atlas.nowMillis() - start, 30_000)
    }

    func testAWaitOnANonGetIsRefusedBeforeAnyRequest() async throws {
        let mock = MockTransport()
        let client = try AtlasClient(credentials: Credentials.bearer(token: "t"), transport: mock)
        do {
            _ = try await client.wait(
                operationId: "createCluster", paramsJson: #"{"groupId":"\#(group)"}"#, path: "stateName",
                values: ["IDLE"])
            XCTFail("no BuildError")
        } catch {
            XCTAssertEqual(className(error), "BuildError")
        }
        do {
            _ = try await client.call(
                operationId: "listClusters", paramsJson: #"{"groupId":"\#(group)"}"#, wait: WaitOptions())
            XCTFail("no BuildError")
        } catch {
            XCTAssertEqual(className(error), "BuildError")
        }
        XCTAssertEqual(mock.atlas.received(), [])
    }
}
