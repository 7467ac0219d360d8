package @PACKAGE@;

import dev.detach.it.containers.Protocol;
import io.undertow.security.idm.Account;
import io.undertow.security.idm.Credential;
import io.undertow.security.idm.IdentityManager;
import io.undertow.security.idm.PasswordCredential;
import java.security.Principal;
import java.util.Set;

/** The test users ({@link Protocol#USERS}), each with role {@link Protocol#ROLE}, for Undertow's BASIC mechanism. */
final class UndertowUsers implements IdentityManager {

  @Override
  public Account verify(Account account) {
    return account;
  }

  @Override
  public Account verify(String id, Credential credential) {
    if (Protocol.USERS.contains(id) && credential instanceof PasswordCredential
        && Protocol.password(id).equals(new String(((PasswordCredential) credential).getPassword()))) {
      return new User(id);
    }
    return null;
  }

  @Override
  public Account verify(Credential credential) {
    return null;
  }

  private static final class User implements Account, Principal {
    private static final long serialVersionUID = 1L;
    private final String name;

    User(String name) {
      this.name = name;
    }

    @Override
    public Principal getPrincipal() {
      return this;
    }

    @Override
    public Set<String> getRoles() {
      return Set.of(Protocol.ROLE);
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
