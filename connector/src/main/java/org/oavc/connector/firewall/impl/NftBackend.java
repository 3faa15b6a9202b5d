package org.oavc.connector.firewall.impl;

import static org.oavc.connector.firewall.NftRenderer.TABLE;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.oavc.connector.firewall.FirewallBackend;
import org.oavc.connector.firewall.FirewallException;
import org.oavc.connector.firewall.FirewallFiles;

/**
 * nftables: our rules are the whole {@code inet oavc} table, replaced in one {@code nft -f}
 * transaction (create-if-missing, delete, re-create), so applying is atomic and idempotent.
 */
public final class NftBackend implements FirewallBackend {
  /** Create-then-delete makes "remove the table" succeed whether it exists or not. */
  private static final String DROP_TABLE =
      "table inet " + TABLE + "\ndelete table inet " + TABLE + "\n";

  /** {@code nft list table} output, or {@code null} when the table did not exist. */
  record NftSnapshot(String table) implements Snapshot {}

  private final Shell shell;

  public NftBackend(Shell shell) {
    this.shell = shell;
  }

  @Override
  public String name() {
    return "nftables";
  }

  @Override
  public void check(Map<String, String> files) {
    nftFile("nft -c", files.get(FirewallFiles.NFT), true);
  }

  @Override
  public Snapshot snapshot() {
    Shell.Result r = shell.run(null, "nft", "list", "table", "inet", TABLE);
    return new NftSnapshot(r.ok() ? r.stdout() : null);
  }

  @Override
  public void apply(Map<String, String> files) {
    nftFile("nft -f", files.get(FirewallFiles.NFT), false);
  }

  @Override
  public void restore(Snapshot snapshot) {
    String before = ((NftSnapshot) snapshot).table();
    nftFile("nft -f (rollback)", before == null ? DROP_TABLE : DROP_TABLE + before, false);
  }

  private void nftFile(String what, String content, boolean checkOnly) {
    Path tmp = null;
    try {
      // nft 1.0.6 reads rules from a file only; a private temp file keeps this race-free.
      tmp = Files.createTempFile("oavc-nft-", ".nft");
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      if (checkOnly) {
        shell.require(what, null, "nft", "-c", "-f", tmp.toString());
      } else {
        shell.require(what, null, "nft", "-f", tmp.toString());
      }
    } catch (IOException e) {
      throw new FirewallException(what + ": cannot write a temporary file: " + e.getMessage());
    } finally {
      if (tmp != null) {
        tmp.toFile().delete();
      }
    }
  }
}
