package giambio.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * giambio-bom manages exactly the published modules: every reactor module that builds a jar
 * and does not set {@code maven.deploy.skip}, with the reactor's groupId and version
 * ({@code ${project.version}}, the BOM's own version, which must equal the parent's).
 */
class BomIT {

    @Test
    void bomListsEveryPublishedModuleAndNothingElse() throws Exception {
        Path root = GuidesIT.guide("migration.md").getParent().getParent();
        Document parent = read(root.resolve("pom.xml"));
        Document bom = read(root.resolve("giambio-bom/pom.xml"));
        String version = child(parent.getDocumentElement(), "version");
        assertEquals(version, child(bom.getDocumentElement(), "version"), "BOM version");
        assertEquals(child(parent.getDocumentElement(), "groupId"), child(bom.getDocumentElement(), "groupId"));

        TreeSet<String> published = new TreeSet<>();
        for (String module : texts(parent.getDocumentElement(), "modules", "module")) {
            Document pom = read(root.resolve(module).resolve("pom.xml"));
            Element project = pom.getDocumentElement();
            String packaging = child(project, "packaging");
            boolean skipDeploy = "true".equals(child(firstOrNull(project, "properties"), "maven.deploy.skip"));
            if (!"pom".equals(packaging) && !skipDeploy) {
                published.add(child(project, "artifactId"));
            }
        }
        assertTrue(published.containsAll(List.of("giambio.api", "giambio.loop", "giambio.net")), published.toString());

        TreeSet<String> managed = new TreeSet<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            assertEquals("io.github.giambio", child(d, "groupId"));
            assertEquals("${project.version}", child(d, "version"), "BOM entries follow the BOM's version");
            managed.add(child(d, "artifactId"));
        }
        assertEquals(published, managed, "giambio-bom must manage exactly the published modules");
    }

    private static Document read(Path pom) throws Exception {
        assertTrue(Files.isRegularFile(pom), "missing " + pom);
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static Element firstOrNull(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The text of a direct child element, or null. */
    private static String child(Element parent, String name) {
        Element e = firstOrNull(parent, name);
        return e == null ? null : e.getTextContent().strip();
    }

    private static List<String> texts(Element parent, String list, String item) {
        List<String> out = new ArrayList<>();
        Element l = firstOrNull(parent, list);
        for (Node n = l.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(item)) {
                out.add(e.getTextContent().strip());
            }
        }
        return out;
    }
}
