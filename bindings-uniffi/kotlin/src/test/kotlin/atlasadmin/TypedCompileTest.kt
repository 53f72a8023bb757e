package atlasadmin

import org.jetbrains.kotlin.cli.common.ExitCode
import org.jetbrains.kotlin.cli.jvm.K2JVMCompiler
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.io.ByteArrayOutputStream
import java.io.File
import java.io.PrintStream
import java.nio.file.Files

/**
 * The typed layer turns mistakes into compile errors: samples are compiled in process by the
 * Kotlin compiler (kotlin-compiler-embeddable, the project's version) against the test
 * classpath, which holds the compiled typed layer. A correct sample must compile (so the harness
 * itself works); each wrong one must fail with an error naming what is wrong.
 */
class TypedCompileTest {
    private fun compile(source: String): Pair<ExitCode, String> {
        val dir = Files.createTempDirectory("typed-sample").toFile()
        try {
            val file = File(dir, "Sample.kt").apply { writeText(source) }
            val errors = ByteArrayOutputStream()
            val code = K2JVMCompiler().exec(
                PrintStream(errors, true, Charsets.UTF_8),
                "-classpath", System.getProperty("java.class.path"), "-no-stdlib", "-no-reflect",
                "-nowarn", "-d", File(dir, "out").path, file.path,
            )
            return code to errors.toString(Charsets.UTF_8)
        } finally {
            dir.deleteRecursively()
        }
    }

    private fun sample(body: String) = """
        import atlasadmin.*
        import atlasadmin.typed.*

        suspend fun sample(client: AtlasClient) {
        $body
        }
    """.trimIndent()

    @Test
    fun `a correct typed call compiles`() {
        val (code, out) = compile(sample("""
            val page: PaginatedClusterDescription20240805 = client.clusters.listClusters(groupId = "32b6e34b3d91647abb20e7b8", itemsPerPage = 5)
            client.clusters.createCluster(groupId = "g", body = ClusterDescription20240805Input(name = "c1", clusterType = ClusterDescription20240805ClusterType.REPLICASET))
        """))
        assertEquals(ExitCode.OK, code, out)
    }

    @Test
    fun `a wrong parameter type, a misspelled body field and a read-only field do not compile`() {
        val (code, out) = compile(sample("""
            client.clusters.listClusters(groupId = 42)
            ClusterDescription20240805Input(nmae = "c1")
            ClusterDescription20240805Input(stateName = ClusterDescription20240805StateName.IDLE)
        """))
        assertEquals(ExitCode.COMPILATION_ERROR, code, out)
        val errors = out.lines().filter { "error:" in it }
        // Each error on the line of its mistake, naming it.
        fun errorOn(line: Int, vararg words: String) = assertTrue(
            errors.any { e -> "Sample.kt:$line:" in e && words.all { it in e } },
            "expected an error on line $line naming ${words.toList()}:\n$out",
        )
        errorOn(6, "Int", "String")
        errorOn(7, "nmae")
        errorOn(8, "stateName")
    }
}
