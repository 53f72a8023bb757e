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

    private let client = try! AtlasClient(
        config: ClientConfig(credentials: Credentials.bearer(token: "TOKEN-SWIFT")),
        transport: NoTransport()
    )

    func testBuildsRequest() throws {
        let req = try client.buildRequest(
            operationId: "listClusters",
            paramsJson: #"{"groupId":"32b6e34b3d91647abb20e7b8","itemsPerPage":10}"#,
            bodyJson: nil, options: nil)
        XCTAssertEqual(req.method(), "GET")
        XCTAssertEqual(
            req.url(),
            "https://cloud.mongodb.com/api/atlas/v2/groups/32b6e34b3d91647abb20e7b8/clusters?itemsPerPage=10")
        XCTAssertEqual(operationIds().count, 575)
    }

    func testEveryNameResolvesAndTheAmbiguousOneIsRefused() throws {
        let ops = operations()
        XCTAssertEqual(ops.count, 575)
        XCTAssertEqual(ops.filter { $0.removed != nil }.count, 35)
        for name in ["listGroupClusters", "listClusters", "list_group_clusters", "list_clusters"] {
            XCTAssertEqual(try findOperation(name: name).id, "listGroupClusters")
        }
        XCTAssertEqual(try findOperation(name: "createProject").id, "createGroup")
        XCTAssertThrowsError(try findOperation(name: "removeUserFromTeam")) { error in
            guard case AtlasError.Failed(let info) = error, info.className == "BuildError" else { return XCTFail("\(error)") }
            let summary = info.message
            XCTAssertTrue(summary.contains("`removeOrgTeamUser`") && summary.contains("`removeOrgTeamUserFromTeam`"))
        }
    }

    private final class Warnings: WarningListener, @unchecked Sendable {
        var seen: [AtlasWarning] = []
        func onWarning(warning: AtlasWarning) { seen.append(warning) }
    }

    func testRemovedOperationBuildsWithAWarning() throws {
        let warnings = Warnings()
        let client = try AtlasClient(
            config: ClientConfig(credentials: Credentials.none(), onWarning: warnings),
            transport: NoTransport()
        )
        _ = try client.buildRequest(
            operationId: "pausePipeline",
            paramsJson: #"{"groupId":"32b6e34b3d91647abb20e7b8","pipelineName":"example-pipelinename"}"#,
            bodyJson: nil, options: nil)
        let removed = warnings.seen.compactMap { w -> String? in
            if case .removed(let operation, let lastListed, _) = w, lastListed == "2025-06-05" { return operation }
            return nil
        }
        XCTAssertEqual(removed, ["pausePipeline"])
    }

    func testBadParameterIsBuildError() {
        XCTAssertThrowsError(
            try client.buildRequest(operationId: "listClusters", paramsJson: #"{"groupId":"x"}"#, bodyJson: nil, options: nil)
        ) { error in
            guard case AtlasError.Failed(let info) = error, info.className == "BuildError" else { return XCTFail("\(error)") }
            let summary = info.message
            XCTAssertTrue(summary.contains("groupId"))
        }
    }

    func testTransportFailureSurfaces() async {
        do {
            _ = try await client.call(operationId: "listProjects", paramsJson: nil, bodyJson: nil)
            XCTFail("expected a transport error")
        } catch AtlasError.Failed(let info) {
            XCTAssertEqual(info.className, "TransportError")
            XCTAssertTrue(info.message.hasSuffix(": offline"), info.message)
        } catch {
            XCTFail("\(error)")
        }
    }

    func testSecretsNotPrinted() {
        XCTAssertFalse("\(Credentials.bearer(token: "TOKEN-SWIFT"))".contains("TOKEN-SWIFT"))
    }
}
