import XCTest
@testable import AtlasAdmin

/// Offline checks of the Swift surface (run with `swift test` on macOS after
/// ./build-xcframework.sh); the transport-level suite is the Kotlin one.
final class SansIoTests: XCTestCase {
    private final class NoTransport: HttpTransport {
        func send(request: HttpRequest) async throws -> HttpResponse {
            throw TransportError.Failed(reason: "offline")
        }
        func sleep(millis: UInt64) async {}
    }

    private func makeClient(_ credentials: Credentials, listener: CallListener? = nil) -> AtlasClient {
        try! AtlasClient(
            config: ClientConfig(timeout: 30), credentials: credentials, listener: listener,
            transport: NoTransport())
    }

    private lazy var client = makeClient(Credentials.bearer(token: "TOKEN-SWIFT"))

    private func operation(_ json: String) -> [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
    }

    func testBuildsRequest() throws {
        let req = try client.buildRequest(
            operationId: "listClusters",
            paramsJson: #"{"groupId":"32b6e34b3d91647abb20e7b8","itemsPerPage":10}"#,
            options: CallOptions(version: "2023-01-01"))
        XCTAssertEqual(req.method(), "GET")
        XCTAssertEqual(
            req.url(),
            "https://cloud.mongodb.com/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters?itemsPerPage=10")
        XCTAssertEqual(req.timeoutMillis(), 30_000)
    }

    func testEveryNameResolvesAndTheAmbiguousOneIsRefused() throws {
        let ops = try JSONSerialization.jsonObject(with: Data(operationsJson().utf8)) as! [[String: Any]]
        XCTAssertEqual(ops.count, 575)
        XCTAssertEqual(ops.filter { !($0["removed"] is NSNull) }.count, 35)
        for name in ["listGroupClusters", "listClusters", "list_group_clusters", "list_clusters"] {
            XCTAssertEqual(operation(try operationJson(name: name))["operationId"] as? String, "listGroupClusters")
        }
        XCTAssertEqual(operation(try operationJson(name: "createProject"))["operationId"] as? String, "createGroup")
        XCTAssertThrowsError(try operationJson(name: "removeUserFromTeam")) { error in
            guard let info = (error as? AtlasError)?.info, info.className == "BuildError" else { return XCTFail("\(error)") }
            XCTAssertTrue(info.message.contains("`removeOrgTeamUser`") && info.message.contains("`removeOrgTeamUserFromTeam`"))
        }
    }

    private final class Warnings: CallListener, @unchecked Sendable {
        var seen: [[String: Any]] = []
        func onWarning(json: String) {
            seen.append(try! JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])
        }
        func onEvent(json: String) {}
    }

    func testRemovedOperationBuildsWithAWarning() throws {
        let warnings = Warnings()
        _ = try makeClient(Credentials.none(), listener: warnings).buildRequest(
            operationId: "pausePipeline",
            paramsJson: #"{"groupId":"32b6e34b3d91647abb20e7b8","pipelineName":"example-pipelinename"}"#)
        let removed = warnings.seen.filter { $0["kind"] as? String == "removed" && $0["lastListed"] as? String == "2025-06-05" }
        XCTAssertEqual(removed.compactMap { $0["operation"] as? String }, ["pausePipeline"])
    }

    func testBadParameterIsBuildError() {
        XCTAssertThrowsError(
            try client.buildRequest(operationId: "listClusters", paramsJson: #"{"groupId":"x"}"#)
        ) { error in
            guard let info = (error as? AtlasError)?.info, info.className == "BuildError" else { return XCTFail("\(error)") }
            XCTAssertTrue(info.message.contains("groupId"))
            XCTAssertEqual(info.parameter, "groupId")
        }
    }

    func testTransportFailureSurfaces() async {
        do {
            _ = try await client.call(operationId: "listProjects")
            XCTFail("expected a transport error")
        } catch let error as AtlasError {
            XCTAssertEqual(error.info?.className, "TransportError")
            XCTAssertEqual(error.info?.lineage, ["TransportError", "AtlasError"])
            XCTAssertTrue(error.info?.message.hasSuffix(": offline") == true, "\(error)")
        } catch {
            XCTFail("\(error)")
        }
    }

    func testMockAtlasAnswersFromTheSpecsExamples() async throws {
        let mock = MockTransport()
        let client = try AtlasClient(credentials: Credentials.none(), transport: mock)
        let (reply, metadata) = try await client.call(
            operationId: "getProject", paramsJson: #"{"groupId":"32b6e34b3d91647abb20e7b8"}"#)
        XCTAssertEqual(reply.kind, "json")
        XCTAssertNotNil(metadata)
        XCTAssertEqual(mock.atlas.received(), ["GET /api/atlas/v2/groups/32b6e34b3d91647abb20e7b8"])
    }

    func testSecretsNotPrinted() {
        XCTAssertFalse("\(Credentials.bearer(token: "TOKEN-SWIFT"))".contains("TOKEN-SWIFT"))
    }
}
