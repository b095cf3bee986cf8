package io.canarykit.api.model;

/** A Secret in the referencing object's namespace. */
public record SecretReference(String name) {

    public SecretReference {
        name = Copies.text(name);
    }
}
