"""How the 3D preview lights the vehicle.

pyqtgraph's own 'shaded' program lights faces from a direction pointing into the screen, so every outward face the
camera sees gets only its 20 % ambient share: a white kei truck drew nearly black. This program keeps pyqtgraph's
attributes and uniforms and lights the model like a studio: a key light from above the viewer's right shoulder, a
weaker fill from the left, and enough ambient light that shadowed faces still read.
"""

from __future__ import annotations

from pyqtgraph.opengl.shaders import FragmentShader, ShaderProgram, VertexShader

KEY_LIGHT = (0.4, 0.6, 1.0)  # eye space: +z points at the viewer
FILL_LIGHT = (-0.7, 0.1, 0.6)
AMBIENT, KEY, FILL = 0.38, 0.55, 0.18

VEHICLE_SHADER = ShaderProgram("keidesigner_vehicle", [
    # Light per vertex: the normals are per face (flat shading), so every fragment of a face would compute the same
    # light. On a software rasteriser the fragment stage is most of a frame's cost: lighting per fragment took the
    # truck's 1,094 × 520 frame about twice as long to rasterise on llvmpipe (21 ms against 9-11 ms, same session).
    VertexShader(f"""
        uniform mat4 u_mvp;
        uniform mat3 u_normal;
        attribute vec4 a_position;
        attribute vec3 a_normal;
        attribute vec4 a_color;
        varying vec4 v_color;
        void main() {{
            vec3 n = normalize(u_normal * a_normal);
            float key = max(dot(n, normalize(vec3{KEY_LIGHT})), 0.0);
            float fill = max(dot(n, normalize(vec3{FILL_LIGHT})), 0.0);
            float light = {AMBIENT} + {KEY} * key + {FILL} * fill;
            v_color = vec4(min(a_color.rgb * light, vec3(1.0)), a_color.a);
            gl_Position = u_mvp * a_position;
        }}
    """),
    FragmentShader("""
        #ifdef GL_ES
        precision mediump float;
        #endif
        varying vec4 v_color;
        void main() {
            gl_FragColor = v_color;
        }
    """),
])
