package io.monitoring.testapp.spring;

import org.springframework.data.domain.Persistable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

/**
 * A row of {@code orders}. The id is assigned by the application (no generator, so no sequence calls), and
 * {@link Persistable#isNew()} tells Spring Data that an entity built with {@link #created(long)} is new:
 * {@code save} then calls {@code persist} (exactly one INSERT at commit) instead of {@code merge} (which
 * would SELECT the row first).
 */
@Entity
@Table(name = "orders")
public class OrderEntity implements Persistable<Long> {

    @Id
    @Column(name = "id")
    private Long id;

    @Column(name = "status", nullable = false, length = 32)
    private String status;

    /** True until the entity has been persisted or when it was loaded from the database. */
    @Transient
    private boolean isNew;

    protected OrderEntity() {
        // for Hibernate; entities it loads are not new (see markNotNew)
    }

    private OrderEntity(long id, String status) {
        this.id = id;
        this.status = status;
        this.isNew = true;
    }

    /** A new order with the given application-assigned id and status {@code created}. */
    public static OrderEntity created(long id) {
        return new OrderEntity(id, "created");
    }

    @Override
    public Long getId() {
        return id;
    }

    public String getStatus() {
        return status;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostPersist
    @PostLoad
    void markNotNew() {
        this.isNew = false;
    }
}
